// Three pipes for a program's stdin, stdout and stderr that something other than spawn_program
// starts (`pair --trace`: trace_program takes the program's ends as TraceOptions handles). Our
// ends are never inherited; the program's ends are inheritable (Windows) or dup2'd by the starter
// (POSIX: they are close-on-exec, and dup2 makes the program's 0/1/2 copies that are not).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "harness/platform/result.h"

namespace shmh::platform {

class ProgramPipes {
 public:
  struct Impl;
  explicit ProgramPipes(std::unique_ptr<Impl> impl);
  ProgramPipes(ProgramPipes&&) noexcept;
  ProgramPipes& operator=(ProgramPipes&&) noexcept;
  ~ProgramPipes();  // closes every end still open

  static Result<ProgramPipes> create();

  // The program's ends, as native handles (POSIX: descriptors; Windows: HANDLE values).
  std::int64_t program_stdin() const;
  std::int64_t program_stdout() const;
  std::int64_t program_stderr() const;
  // Once the program has been started with them: only the program holds them then, so the
  // reads see the end of stream when it (and whatever it started) has ended.
  void close_program_ends();

  // Writes all of `data` to the program's stdin; false once the pipe is broken or closed.
  bool write_stdin(std::string_view data);
  void close_stdin();
  // Blocking reads; 0 at end of stream, -1 on error. One reader thread per stream.
  std::ptrdiff_t read_stdout(char* buffer, std::size_t size);
  std::ptrdiff_t read_stderr(char* buffer, std::size_t size);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmh::platform
