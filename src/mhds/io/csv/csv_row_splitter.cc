#include "mhds/io/csv/csv_row_splitter.h"

#include <bit>
#include <cstdio>

namespace mhds::io {
namespace {

constexpr std::string_view kNulMessage =
    "found a NUL byte (0x00); expected text (is this a binary file, or saved as UTF-16?)";
constexpr std::string_view kLoneCrMessage =
    "found a carriage return (CR) not followed by a line feed (LF); expected lines ending in LF "
    "or CRLF (put a value holding a CR in quotes)";

enum class Utf8 { kValid, kInvalid, kTruncated };

// Checks the UTF-8 sequence starting at `p` (a byte >= 0x80), per Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF. *length is the sequence length if valid, else the
// number of bytes up to and including the first bad one.
Utf8 CheckSequence(const unsigned char* p, const unsigned char* end, size_t* length) {
  const unsigned lead = p[0];
  size_t n = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (lead < 0xC2) {
    n = 0;
  } else if (lead < 0xE0) {
    n = 2;
  } else if (lead < 0xF0) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // surrogates
  } else if (lead < 0xF5) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  }
  if (n == 0) {
    *length = 1;
    return Utf8::kInvalid;
  }
  for (size_t i = 1; i < n; ++i) {
    if (p + i == end) return Utf8::kTruncated;
    if (p[i] < lo || p[i] > hi) {
      *length = i + 1;
      return Utf8::kInvalid;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  *length = n;
  return Utf8::kValid;
}

std::string HexBytes(const unsigned char* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%s0x%02X", i == 0 ? "" : " ", p[i]);
    out += hex;
  }
  return out;
}

// How to name byte `c` in a message.
std::string Describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  return "byte " + HexBytes(&u, 1);
}

// Grows `fields` to `size` slots and returns their storage. Out of line, as it is rarely needed
// once the first row has been split.
[[gnu::noinline]] std::string_view* AddSlots(std::vector<std::string_view>& fields, size_t size) {
  fields.resize(size);
  return fields.data();
}

// A byte below 0x20: the scanner reports them all, and those other than CR, LF and NUL are data.
bool IsControlByte(char c) { return static_cast<unsigned char>(c) < 0x20; }

// The index of the lowest set bit of x != 0. std::countr_zero gives an int, which GCC 12 widens
// with a sign extension (and a register clear) before adding it to a pointer: two instructions
// more for every field of every row, the splitter's innermost step.
uint64_t LowestBitIndex(uint64_t x) {
#if defined(__x86_64__) && defined(__GNUC__)
  uint64_t index;
  // TZCNT, which CPUs without BMI1 run as BSF: the same result for x != 0.
  asm("tzcnt %1, %0" : "=r"(index) : "r"(x) : "cc");
  return index;
#else
  return static_cast<uint64_t>(std::countr_zero(x));
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
bool CpuHasPopcnt() {
  __builtin_cpu_init();  // needed when called from a static initialiser, as below
  return __builtin_cpu_supports("popcnt");
}
// Set once at start-up; false (the portable count) if read before then.
const bool kHasPopcnt = CpuHasPopcnt();
#endif

// The number of bits set. std::popcount calls a library function on plain x86-64 (the build
// does not assume POPCNT), so the instruction is used where the CPU has it (every CPU of the
// last fifteen years; one predictable branch) and the count is worked out by hand elsewhere.
int BitCount(uint64_t x) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (kHasPopcnt) {
    uint64_t count;
    asm("popcnt %1, %0" : "=r"(count) : "r"(x) : "cc");
    return static_cast<int>(count);
  }
#endif
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace

// Inlined: Split() ends nearly every row here.
[[gnu::always_inline]] inline RowSplitter::Step RowSplitter::EndRow(
    std::vector<std::string_view>& fields, const char* field, const char* line_end,
    const char* next) {
  next_ = next;
  scan_continues_ = true;
  if (line_end != next) ++line_breaks_;
  if (line_end == row_ && next != line_end) return Step::kBlank;
  fields.emplace_back(field, line_end - field);
  return Step::kRow;
}

RowSplitter::Step RowSplitter::Split(const char* row, const char* end, bool at_eof,
                                     std::vector<std::string_view>& fields) {
  if (!scan_continues_ || row != next_ || end != end_) scanner_.Reset(row, end);
  scan_continues_ = false;  // until a row is found
  escaped_.clear();
  row_ = row;
  end_ = end;
  at_eof_ = at_eof;
  line_breaks_ = 0;

  // The loop works on local copies of the scanner and of the vector's storage, which the compiler
  // can keep in registers. The fields of the previous row are overwritten rather than cleared, so
  // a steady number of fields per row costs no allocation and no size updates.
  SpecialByteScanner scanner = scanner_;
  std::string_view* slots = fields.data();
  size_t slot_count = fields.size();
  size_t count = 0;
  const char* field = row;
  for (;;) {
    // The commas of this block before its first other special byte end fields, one after the
    // other: nothing else needs to be looked at for them.
    const uint64_t others = scanner.others();
    const uint64_t commas = scanner.commas();
    if (uint64_t run = commas & ((others & (~others + 1)) - 1)) {
      scanner.set_commas(commas & ~run);
      if (const size_t needed = count + BitCount(run); needed > slot_count) {
        slots = AddSlots(fields, needed);
        slot_count = fields.size();
      }
      const char* base = scanner.base();
      std::string_view* out = slots + count;
      do {
        const char* comma = base + LowestBitIndex(run);
        *out++ = std::string_view(field, comma - field);
        field = comma + 1;
        run &= run - 1;
      } while (run != 0);
      count = out - slots;
    }
    const char* p = end;
    if (others != 0) {
      p = scanner.base() + std::countr_zero(others);
      scanner.set_others(others & (others - 1));
    } else if (scanner.Advance()) {
      continue;
    }
    // A quoted value without "" inside, then a comma: common enough (some exports quote every
    // value) to have a path of its own here. Anything else goes the long way from `p`.
    if (p != end && *p == '"' && p == field) {
      const SpecialByteScanner at_quote = scanner;
      const char* close = scanner.Next();
      if (close != end && *close == '"' && end - close > 1 && close[1] == ',') {
        scanner.Next();  // the comma
        if (count == slot_count) {
          slots = AddSlots(fields, count + 1);
          slot_count = fields.size();
        }
        slots[count++] = std::string_view(p + 1, close - p - 1);
        field = close + 2;
        continue;
      }
      scanner = at_quote;
    }
    scanner_ = scanner;
    if (p != end && *p == '\n' && count < slot_count && p != row) {
      // The common row end: the last field goes into the slot the previous row had there, and
      // the vector keeps its size (no shrink to `count` and growth by one again).
      slots[count++] = std::string_view(field, p - field);
      if (count != slot_count) fields.resize(count);
      next_ = p + 1;
      scan_continues_ = true;
      ++line_breaks_;
      return Step::kRow;
    }
    fields.resize(count);
    if (p != end && *p == '\n') return EndRow(fields, field, p, p + 1);
    if (p == end) {
      if (!at_eof) return Step::kNeedMore;
      if (p == row) return Step::kEnd;
      return EndRow(fields, field, p, p);
    }
    const char* next_field = field;  // so that `field` itself can stay in a register
    if (const std::optional<Step> step = OnRareByte(p, &next_field, fields)) return *step;
    field = next_field;
    scanner = scanner_;
    slots = fields.data();
    slot_count = fields.size();
    count = slot_count;
  }
}

std::optional<RowSplitter::Step> RowSplitter::OnRareByte(const char* p, const char** field,
                                                         std::vector<std::string_view>& fields) {
  switch (*p) {
    case '\r': {
      const Step step = CheckCrLf(p);
      if (step != Step::kRow) return step;
      scanner_.Next();  // the LF
      return EndRow(fields, *field, p, p + 2);
    }
    case '"': {
      if (p != *field) {
        return Fail(p,
                    "found a quote inside a value that does not start with one; expected quotes "
                    "around the whole value, with each quote inside it written twice (\"\")");
      }
      const char* close = nullptr;
      bool has_escape = false;
      Step step = FindClosingQuote(p, &close, &has_escape);
      if (step != Step::kRow) return step;
      fields.emplace_back(p + 1, close - p - 1);
      if (has_escape) escaped_.push_back(fields.size() - 1);
      step = AfterClosingQuote(close, field);
      if (step != Step::kRow || *field == nullptr) return step;
      return std::nullopt;
    }
    case '\0':
      return Fail(p, std::string(kNulMessage));
    default: {
      if (IsControlByte(*p)) return std::nullopt;  // a tab or the like: data
      const char* after = nullptr;
      const Step step = CheckUtf8(p, &after);
      if (step != Step::kRow) return step;
      scanner_.Reset(after, end_);
      return std::nullopt;
    }
  }
}

RowSplitter::Step RowSplitter::FindClosingQuote(const char* open, const char** close,
                                                bool* has_escape) {
  for (;;) {
    const char* p = scanner_.Next();
    if (p == end_) {
      if (!at_eof_) return Step::kNeedMore;
      return Fail(open,
                  "found a quoted value with no closing quote; expected a closing quote (\") "
                  "before the end of the file");
    }
    switch (*p) {
      case '"':
        if (p + 1 == end_ && !at_eof_) return Step::kNeedMore;
        if (p + 1 != end_ && p[1] == '"') {
          scanner_.Next();  // the second quote of the pair
          *has_escape = true;
          break;
        }
        *close = p;
        return Step::kRow;
      case '\n':
        ++line_breaks_;
        break;
      case ',':
      case '\r':
        break;  // data inside quotes
      case '\0':
        return Fail(p, std::string(kNulMessage));
      default: {
        if (IsControlByte(*p)) break;  // a tab or the like: data
        const char* after = nullptr;
        const Step step = CheckUtf8(p, &after);
        if (step != Step::kRow) return step;
        scanner_.Reset(after, end_);
      }
    }
  }
}

RowSplitter::Step RowSplitter::AfterClosingQuote(const char* close, const char** next_field) {
  const char* p = close + 1;
  *next_field = nullptr;
  if (p == end_) {
    if (!at_eof_) return Step::kNeedMore;
    next_ = p;
    scan_continues_ = true;
    return Step::kRow;
  }
  switch (*p) {
    case ',':
      scanner_.Next();  // the comma
      *next_field = p + 1;
      return Step::kRow;
    case '\n':
      scanner_.Next();
      next_ = p + 1;
      ++line_breaks_;
      scan_continues_ = true;
      return Step::kRow;
    case '\r': {
      const Step step = CheckCrLf(p);
      if (step != Step::kRow) return step;
      scanner_.Next();
      scanner_.Next();
      next_ = p + 2;
      ++line_breaks_;
      scan_continues_ = true;
      return Step::kRow;
    }
    default:
      return Fail(p, "found " + Describe(*p) +
                         " after the closing quote of a value; expected a comma or the end of the "
                         "line (a quote inside a quoted value is written twice: \"\")");
  }
}

RowSplitter::Step RowSplitter::CheckUtf8(const char* p, const char** after) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  const auto* end = reinterpret_cast<const unsigned char*>(end_);
  while (u < end && *u >= 0x80) {
    size_t length = 0;
    switch (CheckSequence(u, end, &length)) {
      case Utf8::kValid:
        u += length;
        break;
      case Utf8::kTruncated:
        if (!at_eof_) return Step::kNeedMore;
        return Fail(reinterpret_cast<const char*>(u),
                    "found the end of the file inside a UTF-8 character (" +
                        HexBytes(u, static_cast<size_t>(end - u)) +
                        "); expected UTF-8 text (save the file as UTF-8)");
      case Utf8::kInvalid:
        return Fail(reinterpret_cast<const char*>(u),
                    "found bytes that are not UTF-8 (" + HexBytes(u, length) +
                        "); expected UTF-8 text (save the file as UTF-8, not Windows-1252 or "
                        "Latin-1)");
    }
  }
  *after = reinterpret_cast<const char*>(u);
  return Step::kRow;
}

RowSplitter::Step RowSplitter::CheckCrLf(const char* cr) {
  if (cr + 1 == end_) {
    if (!at_eof_) return Step::kNeedMore;
    return Fail(cr, std::string(kLoneCrMessage));
  }
  if (cr[1] != '\n') return Fail(cr, std::string(kLoneCrMessage));
  return Step::kRow;
}

RowSplitter::Step RowSplitter::Fail(const char* where, std::string what) {
  error_at_ = where;
  error_ = std::move(what);
  return Step::kError;
}

}  // namespace mhds::io
