// Typed access to the fields of a control-channel command; a malformed command throws
// std::invalid_argument, which the role reports as a protocol error.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace shmh {

template <typename T>
T required_field(const nlohmann::json& command, const char* key) {
  if (!command.contains(key)) throw std::invalid_argument(std::string("missing field '") + key + "'");
  try {
    return command.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("field '") + key + "' has the wrong type");
  }
}

template <typename T>
T optional_field(const nlohmann::json& command, const char* key, T fallback) {
  return command.contains(key) ? required_field<T>(command, key) : fallback;
}

}  // namespace shmh
