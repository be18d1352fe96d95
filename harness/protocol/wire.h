// How typed commands and replies become control-channel JSON and back: the one place that knows
// the rules (required fields, optional fields, the op string, what a malformed message is).
#pragma once

#include <concepts>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace shmh::wire {

// A command or reply that is not what the protocol says: a field missing or of the wrong type.
// `field()` is its path ("round_trip_ns.p50"), so the message can name it.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(std::string field, std::string problem)
      : std::runtime_error("field '" + field + "' " + problem), field_(std::move(field)), problem_(std::move(problem)) {}
  const std::string& field() const { return field_; }
  // The same problem one level up: "p50" inside "round_trip_ns" becomes "round_trip_ns.p50".
  ProtocolError inside(const std::string& parent) const { return ProtocolError(parent + "." + field_, problem_); }

 private:
  std::string field_;
  std::string problem_;
};

// A required field: present, of its type. Nested typed values report the inner field's path.
template <typename T>
void read_field(const nlohmann::json& j, const char* key, T& value) {
  const auto it = j.is_object() ? j.find(key) : j.end();
  if (it == j.end()) throw ProtocolError(key, "is missing");
  try {
    it->get_to(value);
  } catch (const ProtocolError& inner) {
    throw inner.inside(key);
  } catch (const nlohmann::json::exception&) {
    throw ProtocolError(key, "has the wrong type (" + std::string(it->type_name()) + ")");
  }
}

// An optional field: absent means nothing; present, it must have its type (as the role has
// always required of optional command fields).
template <typename T>
void read_field(const nlohmann::json& j, const char* key, std::optional<T>& value) {
  if (!j.is_object() || !j.contains(key)) {
    value.reset();
    return;
  }
  T present{};
  read_field(j, key, present);
  value = std::move(present);
}

template <typename T>
void write_field(nlohmann::json& j, const char* key, const T& value) {
  j[key] = value;
}

// An absent optional field is left out, not written as null: the wire stays as it always was.
template <typename T>
void write_field(nlohmann::json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

// A command or reply without fields.
struct Empty {
  friend bool operator==(const Empty&, const Empty&) = default;
};
inline void to_json(nlohmann::json& j, const Empty&) { j = nlohmann::json::object(); }
inline void from_json(const nlohmann::json&, Empty&) {}

}  // namespace shmh::wire

// Declares to_json/from_json for a struct of wire fields, next to the struct (found by ADL).
// nlohmann's NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE would either require every key (optional ones
// too) or, in its _WITH_DEFAULT form, default every key (required ones too, which hides a missing
// field); these are its paste macros with the protocol's rule instead: plain fields are
// required, std::optional fields may be absent, and errors name the field.
#define SHMH_WIRE_WRITE_FIELD(field) ::shmh::wire::write_field(j, #field, t.field);
#define SHMH_WIRE_READ_FIELD(field) ::shmh::wire::read_field(j, #field, t.field);
#define SHMH_WIRE_TYPE(Type, ...)                                                           \
  inline void to_json(nlohmann::json& j, const Type& t) {                                  \
    j = nlohmann::json::object();                                                           \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(SHMH_WIRE_WRITE_FIELD, __VA_ARGS__))           \
  }                                                                                         \
  inline void from_json(const nlohmann::json& j, Type& t) {                                 \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(SHMH_WIRE_READ_FIELD, __VA_ARGS__))            \
  }

namespace shmh::wire {

// What every command type declares: its op string and the type of its reply's details.
// A command whose reply carries details only when it succeeded says so with
// `static constexpr bool details_only_when_ok = true;`.
template <typename C>
concept Command = requires {
  { C::op } -> std::convertible_to<std::string_view>;
  typename C::Reply;
};

template <Command C>
constexpr bool details_only_when_ok = requires { requires C::details_only_when_ok; };

// The reply's typed details as an answer holds them: always there, or only when ok.
template <Command C>
using ReplySlot = std::conditional_t<details_only_when_ok<C>, std::optional<typename C::Reply>, typename C::Reply>;

// The command line's JSON: its fields and its op.
template <Command C>
nlohmann::json encode_command(const C& command) {
  nlohmann::json j = command;
  j["op"] = std::string(C::op);
  return j;
}

// A command from its JSON (the op already matched). Throws ProtocolError.
template <Command C>
C decode_command(const nlohmann::json& j) {
  C command;
  from_json(j, command);
  return command;
}

// The typed details of a reply to C. Throws ProtocolError when a field the reply must have is
// missing or of the wrong type; never fills in a default.
template <Command C>
ReplySlot<C> decode_reply(bool ok, const nlohmann::json& details) {
  if constexpr (details_only_when_ok<C>) {
    if (!ok) return std::nullopt;
  }
  typename C::Reply reply;
  from_json(details, reply);
  return reply;
}

template <typename Reply>
nlohmann::json encode_reply(const Reply& reply) {
  return reply;
}

// The envelope of every command line: its id (0 when absent) and its op ("" when absent or not
// a string), read before the command is decoded.
std::int64_t command_id(const nlohmann::json& command);
std::string command_op(const nlohmann::json& command);

}  // namespace shmh::wire
