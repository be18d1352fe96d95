// shm-harness entry point: the one executable for every subcommand, roles included.
#include <exception>
#include <iostream>

#include "harness/cli/cli.h"
#include "harness/platform/this_process.h"

int main(int argc, char** argv) {
  // First, so that no crash of the CLI or of a role (the same executable) waits on a dialog.
  shmh::platform::disable_crash_dialogs();
  shmh::platform::prepare_console_output();
  try {
    return shmh::run_cli(shmh::platform::utf8_arguments(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "shm-harness: internal error: " << e.what() << std::endl;
    return 3;
  }
}
