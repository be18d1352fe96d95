// Advice texts keyed by error symbol (the same symbols on every machine, unlike messages).
#include "harness/cli/explain.h"

namespace shmh {

std::string advice_for(const platform::OsError& error, const std::string& name) {
  const std::string& s = error.symbol;
  if (s == "ERROR_FILE_NOT_FOUND" || s == "ENOENT") {
    return "no object named '" + name +
           "' exists: start the creating process first and keep it running (a Windows section dies with its "
           "last handle); names are case-sensitive and Local\\ and Global\\ are different namespaces";
  }
  if (s == "ERROR_ACCESS_DENIED" || s == "EACCES") {
    return name.rfind("Global\\", 0) == 0
               ? "creating Global\\ objects outside session 0 needs SeCreateGlobalPrivilege; opening an existing "
                 "one needs a DACL that grants you access: run elevated or as a service, or use Local\\ when both "
                 "sides share a session (`shm-harness diagnose` tells which)"
               : "the object's security (DACL or mode bits) does not grant the access asked for; ask for less "
                 "(read) or have the creator grant it";
  }
  if (s == "ERROR_ALREADY_EXISTS" || s == "EEXIST") {
    return "another process created '" + name + "' first: you share its object (Windows: with its size and DACL), "
           "which a squatter can exploit; check for this code and treat the contents as untrusted";
  }
  if (s == "ERROR_INVALID_HANDLE") return "the name belongs to another kind of object (event, mutex, semaphore, job)";
  if (s == "ERROR_PATH_NOT_FOUND" || s == "EINVAL") {
    return "the name is malformed: use Local\\ or Global\\ (case-sensitive) and no backslash after the prefix";
  }
  if (s == "ERROR_INVALID_PARAMETER") return "a pagefile-backed section needs a size of at least 1 byte";
  if (s == "ERROR_FILENAME_EXCED_RANGE" || s == "ENAMETOOLONG") return "the name is too long";
  if (s == "ERROR_NOT_ENOUGH_MEMORY" || s == "ERROR_COMMITMENT_LIMIT" || s == "ENOMEM") {
    return "the system cannot commit that much memory: ask for less";
  }
  return "";
}

}  // namespace shmh
