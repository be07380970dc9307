#include "mhds/trace/name_keys.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace mhds::trace {
namespace {

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Soundex digit of an upper-case letter; '0' for vowels and H, W, Y.
char SoundexDigit(char c) {
  switch (c) {
    case 'B':
    case 'F':
    case 'P':
    case 'V':
      return '1';
    case 'C':
    case 'G':
    case 'J':
    case 'K':
    case 'Q':
    case 'S':
    case 'X':
    case 'Z':
      return '2';
    case 'D':
    case 'T':
      return '3';
    case 'L':
      return '4';
    case 'M':
    case 'N':
      return '5';
    case 'R':
      return '6';
    default:
      return '0';
  }
}

}  // namespace

std::string NormaliseName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    const char u = Upper(c);
    if ((u >= 'A' && u <= 'Z') || static_cast<unsigned char>(c) >= 0x80) out += u;
  }
  return out;
}

std::string Soundex(std::string_view normalised_name) {
  std::string key;
  char previous = 0;
  for (char c : normalised_name) {
    if (c < 'A' || c > 'Z') continue;
    const char digit = SoundexDigit(c);
    if (key.empty()) {
      key += c;
    } else if (digit != '0' && digit != previous) {
      key += digit;
      if (key.size() == 4) break;
    }
    // H and W do not separate letters with the same code; vowels do.
    if (c != 'H' && c != 'W') previous = digit;
  }
  if (key.empty()) return key;
  key.resize(4, '0');
  return key;
}

std::string NormalisePostcode(std::string_view postcode) {
  std::string compact;
  for (char c : postcode) {
    if (c != ' ' && c != '\t') compact += Upper(c);
  }
  if (compact.size() < 5) return compact;
  compact.insert(compact.size() - 3, 1, ' ');
  return compact;
}

std::string_view Outcode(std::string_view normalised_postcode) {
  const size_t space = normalised_postcode.find(' ');
  return space == std::string_view::npos ? normalised_postcode
                                         : normalised_postcode.substr(0, space);
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the dynamic programme: two back (for transpositions), one back, current. Names
  // fit the stack buffer; longer text takes the heap.
  constexpr int kStackColumns = 64;
  std::array<int, 3 * (kStackColumns + 1)> stack_cells;
  std::vector<int> heap_cells;
  int* cells = stack_cells.data();
  if (m > kStackColumns) {
    heap_cells.resize(3 * static_cast<size_t>(m + 1));
    cells = heap_cells.data();
  }
  int* two_back = cells;
  int* one_back = cells + (m + 1);
  int* row = cells + 2 * (m + 1);
  for (int j = 0; j <= m; ++j) one_back[j] = j;
  for (int i = 1; i <= n; ++i) {
    row[0] = i;
    int row_min = row[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one_back[j] + 1, row[j - 1] + 1, one_back[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], two_back[j - 2] + 1);
      }
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;
    int* oldest = two_back;
    two_back = one_back;
    one_back = row;
    row = oldest;
  }
  return std::min(one_back[m], limit + 1);
}

}  // namespace mhds::trace
