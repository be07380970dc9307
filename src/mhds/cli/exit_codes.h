// The exit codes of every mhds command, documented in docs/exit_codes.md. Scripts rely on them:
// change one only with a note in the changelog.
#pragma once

namespace mhds::cli {

constexpr int kExitAccepted = 0;          // validate: accepted, no rejected record; others: success
constexpr int kExitRowsRejected = 1;      // validate: accepted, but some records or groups rejected
constexpr int kExitFileRejected = 2;      // validate: the whole file was rejected
constexpr int kExitUsage = 64;            // bad command line (EX_USAGE)
constexpr int kExitUnreadableInput = 65;  // input is not a readable submission or spec (EX_DATAERR)
constexpr int kExitInputMissing = 66;     // an input path does not exist (EX_NOINPUT)
constexpr int kExitInternal = 70;         // a bug in mhds (EX_SOFTWARE)
constexpr int kExitCannotWrite = 74;      // an output could not be written (EX_IOERR)

}  // namespace mhds::cli
