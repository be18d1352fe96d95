// OS-independent part of command lines: the shell-like word splitting (pure, tested everywhere).
#include "harness/platform/command_line.h"

namespace shmh::platform {

SplitResult split_command_line(std::string_view line) {
  SplitResult result;
  std::string word;
  bool in_word = false;  // "" is a word of its own, so quotes start a word even when empty
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) result.words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      if (i + 1 == line.size()) {
        result.problem = "a backslash ends the line: there is nothing for it to escape";
        return result;
      }
      word += line[++i];
      in_word = true;
    } else if (c == '\'') {
      const auto end = line.find('\'', i + 1);
      if (end == std::string_view::npos) {
        result.problem = "the single quote at character " + std::to_string(i + 1) + " is never closed";
        return result;
      }
      word.append(line.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        // Inside double quotes a backslash escapes only what a shell lets it escape.
        if (line[j] == '\\' && j + 1 < line.size() && std::string_view("\"\\$`").find(line[j + 1]) != std::string_view::npos) ++j;
        word += line[j];
      }
      if (j >= line.size()) {
        result.problem = "the double quote at character " + std::to_string(i + 1) + " is never closed";
        return result;
      }
      i = j;
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) result.words.push_back(std::move(word));
  return result;
}

}  // namespace shmh::platform
