// `first` and `second`: the two programs of the classic "Creating Named Shared Memory" sample,
// usable by hand in two terminals, printing every call and its code.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/advice.h"
#include "harness/platform/security.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "harness/cli/units.h"
#include "reports/format.h"

namespace shmh {
namespace {

// The advice table's line for a code this process got for `name`.
std::string advice_for_code(const platform::OsError& error, const std::string& name) {
  const bool windows = platform::backend() == platform::Backend::windows;
  return advice_line(error.symbol, AdviceContext{name, windows, windows ? platform::current_token().session_id : std::nullopt});
}

// One line for a failed call, with advice, on stderr.
int report_failure(const platform::OsError& error, const std::string& name) {
  std::cerr << error.api << "(\"" << name << "\") failed: " << error.code << " " << error.symbol;
  if (!error.message.empty()) std::cerr << " (" << error.message << ")";
  const std::string advice = advice_for_code(error, name);
  if (!advice.empty()) std::cerr << " — " << advice;
  std::cerr << std::endl;
  return kExitFailed;
}

}  // namespace

int run_first(const FirstOptions& options) {
  auto created = platform::create_mapping(options.name, options.size);
  if (!created) return report_failure(created.error(), options.name);
  const auto& reported = created.value().last_error;
  std::cout << reported.api << "(\"" << options.name << "\", " << report::format_size(options.size) << "): ok";
  if (reported.code != 0) std::cout << ", " << reported.code << " " << reported.symbol << " — " << advice_for_code(reported, options.name);
  std::cout << std::endl;

  auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, options.size);
  if (!view) return report_failure(view.error(), options.name);
  const std::string bytes = encode_message(options.message, options.encoding);
  if (bytes.size() > view.value().length()) {
    std::cerr << "the message needs " << bytes.size() << " bytes in " << encoding_name(options.encoding)
              << " but the mapping holds " << view.value().length() << ": use a larger --size" << std::endl;
    return kExitBadUsage;
  }
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(view.value().data()));
  std::cout << "wrote \"" << options.message << "\" (" << bytes.size() << " bytes, " << encoding_name(options.encoding)
            << ")" << std::endl;

  if (options.hold_ms) {
    std::cout << "holding the mapping for " << *options.hold_ms << " ms" << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(*options.hold_ms));
  } else {
    std::cout << "holding the mapping: run `shm-harness second --name '" << options.name
              << "'` elsewhere, then press Enter here to clean up" << std::endl;
    std::string line;
    std::getline(std::cin, line);
  }

  if (auto error = view.value().unmap()) return report_failure(*error, options.name);
  if (auto error = created.value().mapping.close()) return report_failure(*error, options.name);
  if (platform::names_persist_until_unlinked()) {
    // POSIX names outlive their last descriptor; the sample's clean-up must remove it.
    if (auto error = platform::unlink_mapping(options.name)) return report_failure(*error, options.name);
    std::cout << "unmapped, closed and unlinked " << platform::native_object_name(options.name) << std::endl;
  } else {
    std::cout << "unmapped and closed: the section dies with its last handle" << std::endl;
  }
  return kExitPassed;
}

int run_second(const SecondOptions& options) {
  auto opened = platform::open_mapping(options.name, platform::Access::read);
  if (!opened) return report_failure(opened.error(), options.name);
  auto view = platform::map_view(opened.value(), platform::Access::read, 0, options.size);
  if (!view) return report_failure(view.error(), options.name);
  std::cerr << "opened and mapped \"" << options.name << "\" for reading (" << report::format_size(view.value().length())
            << ")" << std::endl;
  const std::byte* data = view.value().data();
  const std::size_t length = view.value().length();
  const Encoding encoding = options.encoding.value_or(guess_encoding(data, length));
  const std::string text = decode_message(data, length, encoding);
  std::cout << text << std::endl;
  if (options.expect && text != *options.expect) {
    std::cerr << "read \"" << text << "\" (" << encoding_name(encoding) << "), expected \"" << *options.expect << "\""
              << std::endl;
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace shmh
