// The machine context every report carries, gathered once per run.
#pragma once

#include "reports/model.h"

namespace shmh {

report::Machine current_machine();

}  // namespace shmh
