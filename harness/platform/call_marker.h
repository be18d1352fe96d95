// The OS call a process is about to make, told to whoever listens: a role tells its orchestrator,
// so that a scenario that runs out of time can say which call its role was waiting in.
#pragma once

#include <string_view>

namespace shmh::platform {

// Called before each marked OS call, on the calling thread. Must be cheap and must not call
// back into the platform layer. One listener per process; nullptr (the default) listens to none.
using CallListener = void (*)(std::string_view api, std::string_view object);
void set_call_listener(CallListener listener);

// Marks the call about to be made: `api` as the OS names it ("CreateFileMappingW", "shm_open",
// "Sleep"), `object` what it is made on (a name, a size), empty when nothing.
void mark_call(std::string_view api, std::string_view object = {});

}  // namespace shmh::platform
