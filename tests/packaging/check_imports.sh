#!/usr/bin/env bash
# The released shm-harness.exe must run on a bare Windows: it may import only DLLs every Windows
# has (no libstdc++-6.dll, libwinpthread-1.dll, spdlog or fmt DLLs). Reads the import table with
# the mingw-w64 objdump.
#   check_imports.sh OBJDUMP EXE     exit 0 when every imported DLL is a system DLL, 1 otherwise
# SHMH_SYSTEM_DLLS overrides the allowed list (space-separated), to show the check can fail.
set -euo pipefail
objdump="$1"
exe="$2"
allowed="${SHMH_SYSTEM_DLLS:-kernel32.dll advapi32.dll user32.dll shell32.dll shlwapi.dll ntdll.dll msvcrt.dll ucrtbase.dll ws2_32.dll bcrypt.dll powrprof.dll}"
imports=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
[ -n "$imports" ] || { echo "no import table found in $exe"; exit 1; }
bad=""
for dll in $imports; do
  case " $allowed " in
    *" $dll "*) ;;
    api-ms-win-*) ;;  # API sets: part of every Windows 10+
    *) bad="$bad $dll" ;;
  esac
done
echo "$(basename "$exe") imports: $(echo $imports)"
if [ -n "$bad" ]; then
  echo "not a system DLL:$bad (link it statically, or ship it)"
  exit 1
fi
echo "only system DLLs"
