#include "mhds/io/csv/special_byte_scanner.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mhds::io {
namespace {

// The masks every classifier must give, byte by byte.
SpecialByteScanner::Block ClassifiedByteByByte(const char* p) {
  SpecialByteScanner::Block block{p, 0, 0};
  for (int i = 0; i < SpecialByteScanner::kBlockBytes; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    block.commas |= uint64_t{c == ','} << i;
    block.others |= uint64_t{c == '"' || c < 0x20 || c >= 0x80} << i;
  }
  return block;
}

TEST(SpecialByteScanner, EveryClassifierMarksTheSameBytes) {
  // Every byte value (four blocks of 64 values in a row), then random blocks of the bytes that
  // matter and their neighbours.
  std::vector<std::string> blocks;
  for (int shift = 0; shift < 256; shift += SpecialByteScanner::kBlockBytes) {
    std::string block(SpecialByteScanner::kBlockBytes, 'a');
    for (int i = 0; i < SpecialByteScanner::kBlockBytes; ++i)
      block[i] = static_cast<char>(shift + i);
    blocks.push_back(block);
  }
  std::mt19937 random(7);
  const std::string common = "a,\"\n\r\t\x01\x1F\x20\x7F\x80\xC3\xFF";
  for (int n = 0; n < 1000; ++n) {
    std::string block(SpecialByteScanner::kBlockBytes, 'a');
    for (char& c : block) c = common[random() % common.size()];
    blocks.push_back(block);
  }
  for (const std::string& block : blocks) {
    const SpecialByteScanner::Block want = ClassifiedByteByByte(block.data());
    const SpecialByteScanner::Block got = SpecialByteScanner::Classify(block.data());
    EXPECT_EQ(got.commas, want.commas);
    EXPECT_EQ(got.others, want.others);
#if MHDS_SCANNER_AVX2
    if (SpecialByteScanner::HasAvx2()) {
      const SpecialByteScanner::Block avx2 = SpecialByteScanner::ClassifyAvx2(block.data());
      EXPECT_EQ(avx2.commas, want.commas);
      EXPECT_EQ(avx2.others, want.others);
    }
#endif
  }
}

TEST(SpecialByteScanner, ReturnsEverySpecialByteInOrderAcrossBlocks) {
  // Special bytes far apart, so that whole blocks without one are skipped.
  std::string text(1000, 'x');
  const std::vector<size_t> at = {0, 63, 64, 200, 511, 512, 513, 900, 999};
  for (size_t i : at) text[i] = ',';
  text[300] = '\t';
  std::vector<char> buffer(text.begin(), text.end());
  buffer.resize(text.size() + SpecialByteScanner::kPadding, ',');  // padding is never reported
  SpecialByteScanner scanner;
  const char* end = buffer.data() + text.size();
  scanner.Reset(buffer.data(), end);
  std::vector<size_t> found;
  for (const char* p = scanner.Next(); p != end; p = scanner.Next()) {
    found.push_back(p - buffer.data());
  }
  std::vector<size_t> want = at;
  want.insert(want.begin() + 4, 300);
  EXPECT_EQ(found, want);
}

}  // namespace
}  // namespace mhds::io
