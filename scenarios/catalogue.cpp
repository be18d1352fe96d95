// The catalogue, assembled once from the area files.
#include "scenarios/catalogue.h"

namespace shmh::scenarios {

const std::vector<Scenario>& catalogue() {
  static const std::vector<Scenario> all = [] {
    std::vector<Scenario> out;
    add_create_open(out);
    add_races(out);
    add_lifetime(out);
    add_lifetime_traps(out);
    add_naming(out);
    add_naming_traps(out);
    add_access(out);
    add_access_traps(out);
    add_privilege(out);
    add_identity(out);
    add_open_styles(out);
    add_limits(out);
    add_throughput(out);
    return out;
  }();
  return all;
}

}  // namespace shmh::scenarios
