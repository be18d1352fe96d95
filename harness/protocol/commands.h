// Every role command and reply the control channel carries (one header per area), and the list
// of command types the role dispatches on.
#pragma once

#include <tuple>

#include "harness/protocol/limit_commands.h"
#include "harness/protocol/mapping_commands.h"
#include "harness/protocol/perf_commands.h"
#include "harness/protocol/scenario_commands.h"
#include "harness/protocol/security_commands.h"
#include "harness/protocol/trap_commands.h"

namespace shmh::cmd {

// Every command a role answers (Emit is handled before dispatch: it answers with garbage).
using AllCommands = std::tuple<Create, Open, Map, Write, Read, Unmap, Close, Unlink, Resize, CrashMidWrite, Hello, Sleep,
                               Exit, AttachCoordination, Race, PollOpen, HandleCount, Cycle, CreateSync, Token, Security,
                               EnablePrivilege, PrivateNamespace, Pin, RingAttach, RingReset, RingWrite, RingRead, HandoffWrite, HandoffRead, Ping, Pong, QueueAttach,
                               QueueSend, QueueReceive, MemcpyBaseline, CoreToCoreBaseline, SetupCost,
                               Duplicate, Commit, Committed, UnmapInside, UnmapNotAView, PrivateStore, Touch>;

}  // namespace shmh::cmd
