// What a role answered to a typed command: the observation (journaled into the report as it came,
// details JSON included) and the reply's details, decoded and checked against the protocol.
#pragma once

#include "harness/protocol/commands.h"
#include "reports/model.h"

namespace shmh {

// The observation's fields (ok, error, api, ...) are the answer's own, so describe(),
// expect_code() and friends take an answer as they take an observation. `reply` is the typed
// form of `details`: always there, or, for commands whose details come only with success,
// set exactly when `ok` is (a reply that breaks this never becomes an Answer).
template <wire::Command C>
struct Answer : report::Observation {
  wire::ReplySlot<C> reply;
};

}  // namespace shmh
