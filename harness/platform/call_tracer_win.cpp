// Windows: `shm-harness trace` with the Win32 debugging API (call_tracer.h). The program runs
// under this thread as its debugger, in a Job object of its own; an int3 on each traced export of
// kernelbase/kernel32 gives the arguments, an int3 on the return address the result.
//
// Which module holds the code (Microsoft Learn, "Windows API sets", and the DLL named under
// Requirements on each function's page): on Windows 8 and later kernel32's CreateFileMappingW,
// OpenFileMappingW, MapViewOfFile(Ex), UnmapViewOfFile, FlushViewOfFile and CloseHandle are
// forwarders or stubs to kernelbase (api-ms-win-core-memory-l1-1-*, api-ms-win-core-handle);
// CreateFileMappingA/NumaA/OpenFileMappingA live in kernel32 on older versions and in kernelbase
// on newer ones; CreateFileMapping2 and MapViewOfFile3 exist only from Windows 10 1803
// (kernelbase, api-ms-win-core-memory-l1-1-6), the *FromApp functions from Windows 10.
// Wine 8.0 (measured, WINE.md): kernel32's W functions are stubs that jump into kernelbase (same
// stack frame), the A functions exist only in kernel32 and call kernelbase's W function. So both
// modules get breakpoints on whatever they export as code (a forwarder is skipped, a missing
// export means nothing to trace), and a traced call made while another traced call is under way
// on the same thread is the inner half of one call the program made: it is not reported.
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "harness/platform/call_decode.h"
#include "harness/platform/call_tracer.h"
#include "harness/platform/debuggee_win.h"
#include "harness/platform/pe_header.h"
#include "harness/platform/win_command_line.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

// The traces under way, by their program's pid, for request_trace_stop (all of them: any thread,
// a console control handler) and stop_trace_of (one). `pair --trace` runs two at once, each
// trace_program on its own thread with its own debug loop and job.
struct ActiveTrace {
  HANDLE job = nullptr;
  std::atomic<bool>* stop = nullptr;
};
std::mutex g_traces_mutex;
std::map<std::int64_t, ActiveTrace> g_traces;
std::atomic<bool> g_trace_stop{false};

constexpr DWORD kTrapFlag = 0x100;
constexpr DWORD kWx86Breakpoint = 0x4000001F;  // STATUS_WX86_BREAKPOINT, a WOW64 loader's
constexpr std::uint8_t kInt3 = 0xCC;

struct TraceBreakpoint {
  std::uint8_t original = 0;
  const TracedApi* entry = nullptr;  // the traced export that starts here
  int returns = 0;                   // calls under way that return here
};

struct PendingCall {
  std::uint64_t entry_rsp = 0;
  std::uint64_t return_address = 0;
  bool report = false;  // false: made by the system DLLs themselves (the runtime before main)
  RawCall raw;
  double t_ms = 0;
};

struct TracedThread {
  HANDLE handle = nullptr;  // the debug event's, closed by the system
  std::uint64_t teb = 0;
  std::vector<PendingCall> pending;  // outermost first
};

struct TracedProcessState {
  HANDLE handle = nullptr;  // the debug event's, closed by the system
  std::size_t record = 0;   // index in TraceOutcome::processes
  std::map<std::uint64_t, TraceBreakpoint> breakpoints;
  // Return breakpoints taken out (address -> the original byte): a thread that ran the int3
  // before it went, with its event still queued, reports an address no longer in `breakpoints`.
  std::map<std::uint64_t, std::uint8_t> retired;
  std::map<DWORD, TracedThread> threads;
  std::map<std::uint64_t, std::uint64_t> system_modules;  // base -> end: ntdll, kernel32, kernelbase
  std::set<std::uint64_t> traced_handles;                 // returned by a reported call
  bool loader_breakpoint_seen = false;
  std::optional<std::uint32_t> crash;  // a second-chance exception: how it ends
  // A step over a breakpoint under way: its byte is the original until the step ends.
  bool stepping = false;
  DWORD stepping_thread = 0;
  std::uint64_t stepping_address = 0;
};

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

class DebugTracer {
 public:
  DebugTracer(const TraceOptions& options, HANDLE job, const std::atomic<bool>& stop)
      : options_(options), job_(job), stop_(stop) {}

  Status run(std::chrono::steady_clock::time_point start);
  TraceOutcome& outcome() { return outcome_; }

 private:
  DWORD on_event(const DEBUG_EVENT& event);
  void on_create_process(const DEBUG_EVENT& event);
  void on_load_dll(TracedProcessState& process, std::uint64_t base);
  DWORD on_exception(TracedProcessState& process, DWORD tid, const EXCEPTION_DEBUG_INFO& info);
  DWORD on_breakpoint(TracedProcessState& process, DWORD tid, std::uint64_t address);
  void on_entry(TracedProcessState& process, DWORD tid, TracedThread& thread, const CONTEXT& context,
                const TracedApi& api);
  void on_return(TracedProcessState& process, DWORD tid, TracedThread& thread, const CONTEXT& context,
                 std::uint64_t address);
  void add_breakpoint(TracedProcessState& process, std::uint64_t address, const TracedApi* entry);
  void release_return(TracedProcessState& process, std::uint64_t address);
  void finish_step(TracedProcessState& process);
  void rewind(TracedProcessState& process, DWORD tid, std::uint64_t address);
  void fail(OsError error);
  double now_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }

  bool stop_asked() const { return stop_.load() || g_trace_stop.load(); }

  const TraceOptions& options_;
  HANDLE job_;
  const std::atomic<bool>& stop_;
  std::chrono::steady_clock::time_point start_;
  TraceOutcome outcome_;
  std::map<DWORD, TracedProcessState> processes_;
  bool killed_ = false;
  std::optional<OsError> failure_;
};

void DebugTracer::fail(OsError error) {
  if (!failure_) failure_ = std::move(error);
  if (!killed_) {
    killed_ = true;
    ::TerminateJobObject(job_, 1);
  }
}

Status DebugTracer::run(std::chrono::steady_clock::time_point start) {
  start_ = start;
  bool started = false;
  while (!started || !processes_.empty()) {
    if (stop_asked() && !killed_) {
      killed_ = true;
      ::TerminateJobObject(job_, 1);
    }
    DEBUG_EVENT event{};
    if (!::WaitForDebugEvent(&event, 200)) {
      const DWORD code = ::GetLastError();
      if (code == ERROR_SEM_TIMEOUT || code == WAIT_TIMEOUT) continue;
      fail(make_os_error("WaitForDebugEvent", code));
      break;  // nothing more will come: closing the job kills what is left
    }
    if (event.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT) started = true;
    const DWORD status = on_event(event);
    if (!::ContinueDebugEvent(event.dwProcessId, event.dwThreadId, status)) {
      fail(last_os_error("ContinueDebugEvent"));
      break;
    }
  }
  if (failure_) return *failure_;
  return std::nullopt;
}

DWORD DebugTracer::on_event(const DEBUG_EVENT& event) {
  switch (event.dwDebugEventCode) {
    case CREATE_PROCESS_DEBUG_EVENT:
      on_create_process(event);
      return DBG_CONTINUE;
    case LOAD_DLL_DEBUG_EVENT: {
      const auto& info = event.u.LoadDll;
      if (info.hFile != nullptr) ::CloseHandle(info.hFile);
      auto found = processes_.find(event.dwProcessId);
      if (found != processes_.end()) on_load_dll(found->second, reinterpret_cast<std::uint64_t>(info.lpBaseOfDll));
      return DBG_CONTINUE;
    }
    case UNLOAD_DLL_DEBUG_EVENT: {
      auto found = processes_.find(event.dwProcessId);
      if (found == processes_.end()) return DBG_CONTINUE;
      TracedProcessState& process = found->second;
      const auto base = reinterpret_cast<std::uint64_t>(event.u.UnloadDll.lpBaseOfDll);
      if (auto module = process.system_modules.find(base); module != process.system_modules.end()) {
        // Its code is gone, and our bytes with it.
        auto first = process.breakpoints.lower_bound(base);
        auto last = process.breakpoints.lower_bound(module->second);
        process.breakpoints.erase(first, last);
        process.system_modules.erase(module);
      }
      return DBG_CONTINUE;
    }
    case CREATE_THREAD_DEBUG_EVENT: {
      auto found = processes_.find(event.dwProcessId);
      if (found == processes_.end()) return DBG_CONTINUE;
      const auto& info = event.u.CreateThread;
      std::uint64_t teb = reinterpret_cast<std::uint64_t>(info.lpThreadLocalBase);
      if (teb == 0) teb = debuggee::thread_teb(info.hThread);
      found->second.threads[event.dwThreadId] = TracedThread{info.hThread, teb, {}};
      // A thread born during a step over a restored byte would run past it: hold it too.
      if (found->second.stepping) ::SuspendThread(info.hThread);
      return DBG_CONTINUE;
    }
    case EXIT_THREAD_DEBUG_EVENT: {
      auto found = processes_.find(event.dwProcessId);
      if (found == processes_.end()) return DBG_CONTINUE;
      TracedProcessState& process = found->second;
      if (process.stepping && process.stepping_thread == event.dwThreadId) finish_step(process);
      if (auto thread = process.threads.find(event.dwThreadId); thread != process.threads.end()) {
        for (const auto& call : thread->second.pending) release_return(process, call.return_address);
        process.threads.erase(thread);
      }
      return DBG_CONTINUE;
    }
    case EXIT_PROCESS_DEBUG_EVENT: {
      auto found = processes_.find(event.dwProcessId);
      if (found == processes_.end()) return DBG_CONTINUE;
      TracedProcess& record = outcome_.processes[found->second.record];
      const DWORD code = event.u.ExitProcess.dwExitCode;
      // A crash: the exception code, which is also what Windows makes the exit code.
      const bool killed = killed_ || stop_asked();
      record.exit.code = found->second.crash && !killed ? *found->second.crash : code;
      record.exit.killed_by_owner = killed;
      processes_.erase(found);
      return DBG_CONTINUE;
    }
    case EXCEPTION_DEBUG_EVENT: {
      auto found = processes_.find(event.dwProcessId);
      if (found == processes_.end()) return DBG_EXCEPTION_NOT_HANDLED;
      return on_exception(found->second, event.dwThreadId, event.u.Exception);
    }
    default:  // OUTPUT_DEBUG_STRING_EVENT, RIP_EVENT: nothing to do
      return DBG_CONTINUE;
  }
}

void DebugTracer::on_create_process(const DEBUG_EVENT& event) {
  const auto& info = event.u.CreateProcessInfo;
  if (info.hFile != nullptr) ::CloseHandle(info.hFile);
  TracedProcessState state;
  state.handle = info.hProcess;
  std::uint64_t teb = reinterpret_cast<std::uint64_t>(info.lpThreadLocalBase);
  if (teb == 0) teb = debuggee::thread_teb(info.hThread);
  state.threads[event.dwThreadId] = TracedThread{info.hThread, teb, {}};
  TracedProcess record;
  record.pid = event.dwProcessId;
  record.parent_pid = outcome_.processes.empty() ? ::GetCurrentProcessId() : debuggee::parent_of(info.hProcess);
  record.image = debuggee::image_of(info.hProcess);
  if (record.image.empty() && outcome_.processes.empty()) record.image = options_.argv.front();
  state.record = outcome_.processes.size();
  outcome_.processes.push_back(record);

  // The registers read at a breakpoint are x64's: a 32-bit program's arguments are on its stack
  // in another layout, so it is refused rather than misread.
  BOOL wow64 = FALSE;
  const bool is_wow64 = ::IsWow64Process(info.hProcess, &wow64) && wow64;
  auto image = debuggee::read_module(info.hProcess, reinterpret_cast<std::uint64_t>(info.lpBaseOfImage), false);
  if (is_wow64 || (image && !image->is_64_bit)) {
    OsError error = make_os_error("trace(IsWow64Process)", ERROR_NOT_SUPPORTED);
    error.message = record.image + " is a 32-bit (WOW64) program: the tracer reads the x64 calling convention's "
                    "registers and cannot trace it; build the program for x64";
    fail(std::move(error));
  }
  processes_.emplace(event.dwProcessId, std::move(state));
}

void DebugTracer::on_load_dll(TracedProcessState& process, std::uint64_t base) {
  auto module = debuggee::read_module(process.handle, base, false);
  if (!module || !module->is_64_bit) return;
  const std::string name = lower_ascii(module->name);
  const bool traced = name == "kernel32.dll" || name == "kernelbase.dll";
  if (!traced && name != "ntdll.dll") return;
  process.system_modules[base] = base + module->size;
  if (!traced) return;
  module = debuggee::read_module(process.handle, base, true);
  if (!module) return;
  std::size_t count = 0;
  const TracedApi* apis = traced_apis(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto function = module->functions.find(std::string(apis[i].name));
    if (function != module->functions.end()) add_breakpoint(process, function->second, &apis[i]);
  }
}

void DebugTracer::add_breakpoint(TracedProcessState& process, std::uint64_t address, const TracedApi* entry) {
  auto found = process.breakpoints.find(address);
  if (found == process.breakpoints.end()) {
    auto original = debuggee::read_value<std::uint8_t>(process.handle, address);
    if (!original || !debuggee::write_code_byte(process.handle, address, kInt3)) return;  // not code we can patch
    found = process.breakpoints.emplace(address, TraceBreakpoint{*original, nullptr, 0}).first;
    process.retired.erase(address);
  }
  if (entry != nullptr) {
    found->second.entry = entry;
  } else {
    ++found->second.returns;
  }
}

void DebugTracer::release_return(TracedProcessState& process, std::uint64_t address) {
  auto found = process.breakpoints.find(address);
  if (found == process.breakpoints.end() || --found->second.returns > 0 || found->second.entry != nullptr) return;
  const bool restored_for_step = process.stepping && process.stepping_address == address;
  if (!restored_for_step) debuggee::write_code_byte(process.handle, address, found->second.original);
  process.retired[address] = found->second.original;
  process.breakpoints.erase(found);
}

void DebugTracer::finish_step(TracedProcessState& process) {
  if (process.breakpoints.count(process.stepping_address) != 0) {
    debuggee::write_code_byte(process.handle, process.stepping_address, kInt3);
  }
  for (auto& [tid, thread] : process.threads) {
    if (tid != process.stepping_thread) ::ResumeThread(thread.handle);
  }
  process.stepping = false;
}

DWORD DebugTracer::on_exception(TracedProcessState& process, DWORD tid, const EXCEPTION_DEBUG_INFO& info) {
  const DWORD code = info.ExceptionRecord.ExceptionCode;
  const auto address = reinterpret_cast<std::uint64_t>(info.ExceptionRecord.ExceptionAddress);
  if (code == EXCEPTION_SINGLE_STEP && process.stepping && process.stepping_thread == tid) {
    auto thread = process.threads.find(tid);
    if (thread != process.threads.end()) {
      CONTEXT context{};
      context.ContextFlags = CONTEXT_CONTROL;
      if (::GetThreadContext(thread->second.handle, &context) && (context.EFlags & kTrapFlag)) {
        context.EFlags &= ~kTrapFlag;
        ::SetThreadContext(thread->second.handle, &context);
      }
    }
    finish_step(process);
    return DBG_CONTINUE;
  }
  // Anything else on the stepping thread ends its step first (the byte goes back).
  if (process.stepping && process.stepping_thread == tid) finish_step(process);
  if (info.dwFirstChance && (code == EXCEPTION_BREAKPOINT || code == kWx86Breakpoint)) {
    if (process.breakpoints.count(address) != 0) return on_breakpoint(process, tid, address);
    if (auto retired = process.retired.find(address); retired != process.retired.end() && retired->second != kInt3) {
      rewind(process, tid, address);  // the original instruction is back: run it
      return DBG_CONTINUE;
    }
    if (!process.loader_breakpoint_seen) {  // the loader's, before the program's code runs
      process.loader_breakpoint_seen = true;
      return DBG_CONTINUE;
    }
    return DBG_EXCEPTION_NOT_HANDLED;  // the program's own (DebugBreak)
  }
  // Not ours: the program handles it, or on the second chance it ends with it.
  if (!info.dwFirstChance) process.crash = code;
  return DBG_EXCEPTION_NOT_HANDLED;
}

void DebugTracer::rewind(TracedProcessState& process, DWORD tid, std::uint64_t address) {
  auto thread = process.threads.find(tid);
  if (thread == process.threads.end()) return;
  // A thread we suspended for another's step: Wine 8.0 refuses the context of a thread that is
  // both in a debug event and suspended (GetThreadContext: 31 ERROR_GEN_FAILURE), so the
  // suspension is lifted around the change (the debug event still holds the thread).
  const bool held = process.stepping && process.stepping_thread != tid;
  if (held) ::ResumeThread(thread->second.handle);
  CONTEXT context{};
  context.ContextFlags = CONTEXT_CONTROL;
  const bool got = ::GetThreadContext(thread->second.handle, &context);
  OsError error = last_os_error("GetThreadContext(rewinding a stale breakpoint hit)");
  if (got) {
    context.Rip = address;
    ::SetThreadContext(thread->second.handle, &context);
  }
  if (held) ::SuspendThread(thread->second.handle);
  if (!got) fail(std::move(error));
}

DWORD DebugTracer::on_breakpoint(TracedProcessState& process, DWORD tid, std::uint64_t address) {
  auto thread = process.threads.find(tid);
  if (thread == process.threads.end()) return DBG_CONTINUE;
  CONTEXT context{};
  context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
  if (process.stepping) {
    // Hit before another thread's step restored the byte (its event was queued): run the
    // instruction again once the step is over, when the int3 is back.
    rewind(process, tid, address);
    return DBG_CONTINUE;
  }
  if (!::GetThreadContext(thread->second.handle, &context)) {
    fail(last_os_error("GetThreadContext"));
    return DBG_CONTINUE;
  }
  // The int3 has run: RIP is past it (address + 1). Back to the instruction it replaced.
  context.Rip = address;
  if (process.breakpoints.at(address).returns > 0) on_return(process, tid, thread->second, context, address);
  if (auto found = process.breakpoints.find(address); found != process.breakpoints.end() && found->second.entry) {
    on_entry(process, tid, thread->second, context, *found->second.entry);
  }
  auto found = process.breakpoints.find(address);
  if (found == process.breakpoints.end()) {  // no longer needed: its byte is already the original
    ::SetThreadContext(thread->second.handle, &context);
    return DBG_CONTINUE;
  }
  // Step over it: the original byte back, one instruction with the trap flag, the other threads
  // held so that none runs past the restored byte (re-armed at the single step).
  debuggee::write_code_byte(process.handle, address, found->second.original);
  context.EFlags |= kTrapFlag;
  ::SetThreadContext(thread->second.handle, &context);
  process.stepping = true;
  process.stepping_thread = tid;
  process.stepping_address = address;
  for (auto& [other_tid, other] : process.threads) {
    if (other_tid != tid) ::SuspendThread(other.handle);
  }
  return DBG_CONTINUE;
}

void DebugTracer::on_entry(TracedProcessState& process, DWORD tid, TracedThread& thread, const CONTEXT& context,
                           const TracedApi& api) {
  const std::uint64_t rsp = context.Rsp;
  // Calls whose frames lie above this one's never returned through us (unwound by an exception
  // or a longjmp): forget them. A stub that jumps into kernelbase keeps the frame (same RSP).
  while (!thread.pending.empty() && thread.pending.back().entry_rsp < rsp) {
    release_return(process, thread.pending.back().return_address);
    thread.pending.pop_back();
  }
  if (!thread.pending.empty()) return;  // inside a traced call: the inner half of what the program called
  // At entry: [RSP] the return address, [RSP+8..0x20] the home space, [RSP+0x28] argument 5, ...
  std::uint64_t stack[1 + 4 + 6] = {};
  const std::size_t words = 1 + 4 + static_cast<std::size_t>(std::max(0, api.argument_count - 4));
  if (!debuggee::read(process.handle, rsp, stack, words * sizeof(std::uint64_t))) return;
  PendingCall call;
  call.entry_rsp = rsp;
  call.return_address = stack[0];
  call.report = true;
  for (const auto& [base, end] : process.system_modules) {
    if (call.return_address >= base && call.return_address < end) call.report = false;
  }
  if (api.kind == TracedApiKind::close &&
      (!call.report || process.traced_handles.count(context.Rcx) == 0)) {
    return;  // a handle no traced call returned
  }
  // Forgotten now, not at the return: once closed, the value can come back from another
  // thread's create before this call's return is seen.
  if (api.kind == TracedApiKind::close) process.traced_handles.erase(context.Rcx);
  call.t_ms = now_ms();
  RawCall& raw = call.raw;
  raw.api = &api;
  raw.slots[0] = context.Rcx;
  raw.slots[1] = context.Rdx;
  raw.slots[2] = context.R8;
  raw.slots[3] = context.R9;
  for (int slot = 4; slot < api.argument_count && slot < 10; ++slot) raw.slots[slot] = stack[slot + 1];
  if (call.report) {
    if (api.name_slot >= 0 && raw.slots[api.name_slot] != 0) {
      raw.name = api.name_is_wide ? debuggee::read_wide_string(process.handle, raw.slots[api.name_slot])
                                  : debuggee::read_ansi_string(process.handle, raw.slots[api.name_slot]);
      raw.name_unreadable = !raw.name;
    }
    if (api.attributes >= 0 && raw.slots[api.attributes] != 0) {
      auto sddl = debuggee::read_security_descriptor_sddl(process.handle, raw.slots[api.attributes],
                                                          raw.attributes_problem);
      if (sddl) raw.sddl = *sddl;
    }
  }
  add_breakpoint(process, call.return_address, nullptr);
  thread.pending.push_back(std::move(call));
  (void)tid;
}

void DebugTracer::on_return(TracedProcessState& process, DWORD tid, TracedThread& thread, const CONTEXT& context,
                            std::uint64_t address) {
  // The outermost call of this thread that returns here: `ret` popped its return address, so
  // RSP is 8 above its entry RSP. Recursion and other threads' calls do not match.
  std::size_t index = 0;
  while (index < thread.pending.size() &&
         !(thread.pending[index].return_address == address && thread.pending[index].entry_rsp + 8 == context.Rsp)) {
    ++index;
  }
  if (index == thread.pending.size()) return;
  PendingCall call = std::move(thread.pending[index]);
  for (std::size_t i = index; i < thread.pending.size(); ++i) release_return(process, thread.pending[i].return_address);
  thread.pending.resize(index);
  if (!call.report) return;

  RawCall& raw = call.raw;
  raw.result = context.Rax;
  if (last_error_meaningful(raw.api->kind, raw.result)) {
    if (auto code = debuggee::read_last_error(process.handle, thread.teb)) {
      raw.last_error = *code;
      raw.error_symbol = *code != 0 ? error_symbol(*code) : "";
    }
  }
  TracedCall traced = decode_call(raw);
  traced.pid = outcome_.processes[process.record].pid;
  traced.tid = tid;
  traced.t_ms = call.t_ms;
  if (!traced.failed && (raw.api->kind == TracedApiKind::create || raw.api->kind == TracedApiKind::open)) {
    process.traced_handles.insert(traced.result_value);
  }
  if (options_.on_call) options_.on_call(traced);
  outcome_.calls.push_back(std::move(traced));
}

// A trace in g_traces while its program runs.
struct TraceRegistration {
  TraceRegistration(std::int64_t pid, HANDLE job, std::atomic<bool>* stop) : pid_(pid) {
    std::lock_guard lock(g_traces_mutex);
    g_traces[pid] = {job, stop};
  }
  ~TraceRegistration() {
    std::lock_guard lock(g_traces_mutex);
    g_traces.erase(pid_);
  }
  std::int64_t pid_;
};

// The program's standard handles when the caller chose them (pair's pipes; stdout to our stderr
// for `trace --json`): inheritable duplicates, and only those inherited
// (PROC_THREAD_ATTRIBUTE_HANDLE_LIST), so the program never holds anything else of ours. An
// unchosen one is a duplicate of ours. Unused (nothing chosen): the program inherits nothing and
// its console streams are ours, as before.
class ChosenStdHandles {
 public:
  ChosenStdHandles() = default;
  ChosenStdHandles(const ChosenStdHandles&) = delete;
  ChosenStdHandles& operator=(const ChosenStdHandles&) = delete;
  ~ChosenStdHandles() {
    for (HANDLE h : duplicates_) ::CloseHandle(h);
    if (list_) ::DeleteProcThreadAttributeList(list_);
  }
  bool used() const { return list_ != nullptr; }
  // Once the program holds its copies: ours closed, so a reader sees the end of a stream when
  // the program (and what it started) has ended, not when the trace returns.
  void close_ours() {
    for (HANDLE h : duplicates_) ::CloseHandle(h);
    duplicates_.clear();
  }

  Status prepare(const TraceOptions& options, STARTUPINFOEXW& startup) {
    const bool chosen = options.program_stdin || options.program_stdout || options.program_stderr ||
                        options.program_stdout_to_stderr;
    if (!chosen) return std::nullopt;
    const auto pick = [&](const std::optional<std::int64_t>& given, DWORD own) {
      return given ? reinterpret_cast<HANDLE>(static_cast<std::intptr_t>(*given)) : ::GetStdHandle(own);
    };
    HANDLE sources[3] = {pick(options.program_stdin, STD_INPUT_HANDLE),
                         pick(options.program_stdout, options.program_stdout_to_stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE),
                         pick(options.program_stderr, STD_ERROR_HANDLE)};
    HANDLE* targets[3] = {&startup.StartupInfo.hStdInput, &startup.StartupInfo.hStdOutput, &startup.StartupInfo.hStdError};
    for (int i = 0; i < 3; ++i) {
      if (sources[i] == nullptr || sources[i] == INVALID_HANDLE_VALUE) continue;  // none: the program has none either
      HANDLE copy = nullptr;
      if (!::DuplicateHandle(::GetCurrentProcess(), sources[i], ::GetCurrentProcess(), &copy, 0, TRUE, DUPLICATE_SAME_ACCESS)) {
        return last_os_error("DuplicateHandle(the program's standard handle " + std::to_string(i) + ")");
      }
      duplicates_.push_back(copy);
      *targets[i] = copy;
    }
    startup.StartupInfo.dwFlags |= STARTF_USESTDHANDLES;
    if (duplicates_.empty()) return std::nullopt;
    SIZE_T size = 0;
    ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    storage_.resize(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
    if (!::InitializeProcThreadAttributeList(list, 1, 0, &size)) return last_os_error("InitializeProcThreadAttributeList");
    list_ = list;
    if (!::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, duplicates_.data(),
                                     duplicates_.size() * sizeof(HANDLE), nullptr, nullptr)) {
      return last_os_error("UpdateProcThreadAttribute(PROC_THREAD_ATTRIBUTE_HANDLE_LIST)");
    }
    startup.lpAttributeList = list;
    return std::nullopt;
  }

 private:
  std::vector<HANDLE> duplicates_;
  std::vector<char> storage_;
  LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
};

// The program file CreateProcessW will run for `program`, found as SearchPathW finds it (".exe"
// appended when the name has no extension), or "" when it finds none (CreateProcessW then gives
// its own 2 ERROR_FILE_NOT_FOUND). Its header is checked before anything starts: a file that is
// not an x64 program gets one line, where CreateProcessW would give 193 ERROR_BAD_EXE_FORMAT at
// best and, for a 32-bit program, start it under WOW64 where the tracer cannot read it.
std::wstring find_program_file(const std::string& program) {
  const std::wstring wide = to_utf16(program);
  std::wstring found(MAX_PATH, L'\0');
  DWORD length = ::SearchPathW(nullptr, wide.c_str(), L".exe", static_cast<DWORD>(found.size()), found.data(), nullptr);
  if (length > found.size()) {
    found.resize(length);
    length = ::SearchPathW(nullptr, wide.c_str(), L".exe", static_cast<DWORD>(found.size()), found.data(), nullptr);
  }
  if (length == 0 || length > found.size()) return L"";
  found.resize(length);
  return found;
}

std::optional<OsError> program_file_problem(const std::string& program, const std::wstring& file) {
  UniqueHandle handle(::CreateFileW(file.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (handle.get() == INVALID_HANDLE_VALUE) return last_os_error("CreateFileW(" + to_utf8(file) + ")");
  std::string head(kPeHeadBytes, '\0');
  DWORD read = 0;
  if (!::ReadFile(handle.get(), head.data(), static_cast<DWORD>(head.size()), &read, nullptr)) {
    return last_os_error("ReadFile(" + to_utf8(file) + ")");
  }
  head.resize(read);
  const auto problem = pe_trace_problem(head);
  if (!problem) return std::nullopt;
  OsError error = make_os_error("trace(" + program + ")", ERROR_BAD_EXE_FORMAT);
  error.message = to_utf8(file) + " " + *problem;
  return error;
}

}  // namespace

Result<TraceOutcome> trace_program(const TraceOptions& options) {
  if (options.argv.empty() || options.argv.front().empty()) {
    return make_os_error("CreateProcessW(no program)", ERROR_INVALID_PARAMETER);
  }
  // The file checked is the file run: its full path is CreateProcessW's lpApplicationName.
  const std::wstring program_file = find_program_file(options.argv.front());
  if (!program_file.empty()) {
    if (auto problem = program_file_problem(options.argv.front(), program_file)) return *problem;
  }
  std::wstring command_line;
  for (const auto& word : options.argv) {
    if (!command_line.empty()) command_line += L' ';
    command_line += quote_windows_argument(to_utf16(word));
  }
  // A job of this trace's own: TerminateJobObject ends the program and every process it
  // started, and closing the last handle (our exit, a kill) does the same. So processes the
  // program left running when it ended are ended with the trace (untraced ones included).
  auto made_job = make_kill_on_close_job();
  if (!made_job) return made_job.error();
  UniqueHandle job(made_job.value());

  g_trace_stop.store(false);
  std::atomic<bool> stop{false};
  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  ChosenStdHandles handles;
  if (Status prepared = handles.prepare(options, startup)) return *prepared;
  PROCESS_INFORMATION info{};
  // Suspended until it is in the job. lpApplicationName is the file found and checked above;
  // NULL when SearchPathW found none, so that CreateProcessW reports the missing program itself.
  const DWORD flags = (options.follow_children ? DEBUG_PROCESS : DEBUG_ONLY_THIS_PROCESS) | CREATE_SUSPENDED |
                      CREATE_UNICODE_ENVIRONMENT | (handles.used() ? EXTENDED_STARTUPINFO_PRESENT : 0);
  const auto start = std::chrono::steady_clock::now();
  if (!::CreateProcessW(program_file.empty() ? nullptr : program_file.c_str(), command_line.data(), nullptr, nullptr, handles.used() ? TRUE : FALSE, flags, nullptr,
                        nullptr, &startup.StartupInfo, &info)) {
    OsError error = last_os_error("CreateProcessW(" + options.argv.front() + ")");
    return error;
  }
  UniqueHandle process(info.hProcess);
  UniqueHandle thread(info.hThread);
  handles.close_ours();
  if (!::AssignProcessToJobObject(job.get(), info.hProcess)) {
    OsError error = last_os_error("AssignProcessToJobObject");
    ::TerminateProcess(info.hProcess, 1);
    return error;
  }
  // Should this thread end before the program (the harness killed), the program dies with it.
  ::DebugSetProcessKillOnExit(TRUE);
  TraceRegistration registration(info.dwProcessId, job.get(), &stop);
  if (options.on_started) options.on_started(info.dwProcessId);
  if (g_trace_stop.load()) ::TerminateJobObject(job.get(), 1);
  ::ResumeThread(info.hThread);

  DebugTracer tracer(options, job.get(), stop);
  const Status status = tracer.run(start);
  if (status) return *status;
  TraceOutcome outcome = std::move(tracer.outcome());
  if (!outcome.processes.empty()) outcome.exit = outcome.processes.front().exit;
  return outcome;
}

void request_trace_stop() {
  g_trace_stop.store(true);
  std::lock_guard lock(g_traces_mutex);
  for (auto& [pid, trace] : g_traces) {
    trace.stop->store(true);
    ::TerminateJobObject(trace.job, 1);
  }
}

void stop_trace_of(std::int64_t program_pid) {
  std::lock_guard lock(g_traces_mutex);
  const auto found = g_traces.find(program_pid);
  if (found == g_traces.end()) return;
  found->second.stop->store(true);
  ::TerminateJobObject(found->second.job, 1);
}

}  // namespace shmh::platform
