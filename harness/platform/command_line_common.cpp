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

SplitResult split_windows_command_line(std::string_view line) {
  SplitResult result;
  std::size_t i = 0;
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (i < line.size() && blank(line[i])) ++i;
  if (i == line.size()) return result;
  // The program: quotes delimit, backslashes are plain.
  std::string program;
  bool quoted = false;
  for (; i < line.size() && (quoted || !blank(line[i])); ++i) {
    if (line[i] == '"') quoted = !quoted;
    else program += line[i];
  }
  if (quoted) {
    result.problem = "an opening \" has no closing one";
    return result;
  }
  result.words.push_back(program);
  while (true) {
    while (i < line.size() && blank(line[i])) ++i;
    if (i == line.size()) break;
    std::string word;
    quoted = false;
    while (i < line.size() && (quoted || !blank(line[i]))) {
      if (line[i] == '\\') {
        std::size_t slashes = 0;
        while (i < line.size() && line[i] == '\\') ++slashes, ++i;
        if (i < line.size() && line[i] == '"') {
          word.append(slashes / 2, '\\');
          if (slashes % 2 == 1) {
            word += '"';
            ++i;
          }
        } else {
          word.append(slashes, '\\');
        }
      } else if (line[i] == '"') {
        if (quoted && i + 1 < line.size() && line[i + 1] == '"') {  // "" inside quotes: a literal quote
          word += '"';
          i += 2;
        } else {
          quoted = !quoted;
          ++i;
        }
      } else {
        word += line[i++];
      }
    }
    if (quoted) {
      result.problem = "an opening \" has no closing one";
      return result;
    }
    result.words.push_back(std::move(word));
  }
  return result;
}

}  // namespace shmh::platform
