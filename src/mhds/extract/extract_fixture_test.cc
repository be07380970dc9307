// Extracts of the hand-worked fixture testdata/post-deadline-2026-10 (testdata/README.md): which
// rows each extract holds, opt-outs, derived items, the XML against its XSD (libxml2), and the
// files on disk. Expected counts are worked out by hand from the CSV files.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mhds/account/secrets.h"
#include "mhds/extract/extract.h"
#include "mhds/extract/testing_fixture.h"

namespace mhds::extract {
namespace {

const std::string kKey = "a test key of thirty-two bytes!!";

class ExtractFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_ = testing::LoadFixture("post-deadline-2026-10", "2026-10");
    ASSERT_NE(fixture_, nullptr);
    auto layout = LoadExtractLayout(fixture_->spec);
    ASSERT_TRUE(layout.ok()) << layout.status().message();
    layout_ = std::move(layout).value();
    auto list = ParseOptOuts("9990000018\n9990000085\n9999999999\n", "opt-outs");
    ASSERT_TRUE(list.ok());
    opt_outs_ = std::move(list).value();
    options_.person_key = kKey;
    options_.opt_outs = &opt_outs_;
    options_.created_at = 1793959200;  // 2026-11-06T10:00:00
    options_.created_by = "test";
    auto run =
        BuildExtracts(fixture_->spec, *fixture_->source, fixture_->validation, layout_, options_);
    ASSERT_TRUE(run.ok()) << run.status().message();
    run_ = std::move(run).value();
  }

  const BuiltExtract* Find(const std::string& folder) const {
    for (const BuiltExtract& e : run_.extracts) {
      if (e.folder == folder) return &e;
    }
    return nullptr;
  }
  static const ExtractFile* File(const BuiltExtract& e, const std::string& name) {
    for (const ExtractFile& f : e.files) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  static const TableCount* Count(const BuiltExtract& e, const std::string& table) {
    for (const TableCount& t : e.tables) {
      if (t.table == table) return &t;
    }
    return nullptr;
  }

  std::unique_ptr<testing::ValidatedSubmission> fixture_;
  ExtractLayout layout_;
  OptOutList opt_outs_;
  ExtractOptions options_;
  ExtractRun run_;
};

// libxml2's verdict on `xml` against `xsd`: "" when valid, else its first error.
std::string SchemaErrors(const std::string& xml, const std::string& xsd) {
  std::string errors;
  xmlSchemaParserCtxtPtr parser =
      xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (!schema) return "the XSD does not parse";
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "extract.xml", nullptr,
                                XML_PARSE_NONET);
  if (!doc) {
    errors = "the XML does not parse";
  } else {
    xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
    if (xmlSchemaValidateDoc(valid, doc) != 0) errors = "the XML does not validate";
    xmlSchemaFreeValidCtxt(valid);
    xmlFreeDoc(doc);
  }
  xmlSchemaFree(schema);
  return errors;
}

TEST_F(ExtractFixture, WritesTheProviderAndOneExtractPerCommissioner) {
  EXPECT_EQ(run_.provider, "RX1");
  EXPECT_EQ(run_.period, "2026-10");
  ASSERT_EQ(run_.extracts.size(), 3u);
  EXPECT_NE(Find("provider-RX1"), nullptr);
  EXPECT_NE(Find("commissioner-98Y00"), nullptr);
  EXPECT_NE(Find("commissioner-99X00"), nullptr);
  EXPECT_TRUE(run_.skipped.empty());
}

TEST_F(ExtractFixture, TheProviderKeepsOptedOutPeopleAndTheirNhsNumbers) {
  const BuiltExtract& p = *Find("provider-RX1");
  EXPECT_FALSE(p.opt_outs_applied);
  // 12 people less RX1P0009 (no GP, MHS00145); 22 referrals less SR1007 and SR1015 (MHS10128)
  // and SR1012 (RX1P0009's, MHS10101).
  EXPECT_EQ(Count(p, "MHS001MPI")->written, 11u);
  EXPECT_EQ(Count(p, "MHS101Referral")->written, 19u);
  EXPECT_EQ(Count(p, "MHS101Referral")->opted_out, 0u);
  const std::string& mpi = File(p, "MHS001MPI.csv")->contents;
  EXPECT_NE(mpi.find("9990000018"), std::string::npos);
  EXPECT_NE(mpi.find(account::HmacSha256Hex(kKey, "9990000018")), std::string::npos);
}

TEST_F(ExtractFixture, ACommissionerGetsOnlyItsRowsWithoutOptedOutPeople) {
  // 98Y00 commissions SR1005 (RX1P0003) and SR1011 (RX1P0008, opted out).
  const BuiltExtract& c = *Find("commissioner-98Y00");
  EXPECT_TRUE(c.opt_outs_applied);
  EXPECT_EQ(c.people_opted_out, 1u);
  const TableCount& referrals = *Count(c, "MHS101Referral");
  EXPECT_EQ(referrals.in_scope, 2u);
  EXPECT_EQ(referrals.opted_out, 1u);
  EXPECT_EQ(referrals.written, 1u);
  const TableCount& people = *Count(c, "MHS001MPI");
  EXPECT_EQ(people.in_scope, 2u);
  EXPECT_EQ(people.written, 1u);
  // SR1005's CC2011 and CC2012 are written; SR1011's CC2026-CC2028 are removed.
  const TableCount& contacts = *Count(c, "MHS201CareContact");
  EXPECT_EQ(contacts.in_scope, 5u);
  EXPECT_EQ(contacts.opted_out, 3u);
  EXPECT_EQ(contacts.written, 2u);
  // Rows about no person (the header, the teams) go to every extract.
  EXPECT_EQ(Count(c, "MHS000Header")->written, 1u);
  EXPECT_EQ(Count(c, "MHS902ServiceTeamDetails")->written, 7u);
  std::string all;
  for (const ExtractFile& f : c.files) all += f.contents;
  EXPECT_EQ(all.find("RX1SR1011"), std::string::npos);
  EXPECT_EQ(all.find(account::HmacSha256Hex(kKey, "9990000085")), std::string::npos);
  EXPECT_NE(all.find("RX1SR1005"), std::string::npos);
  EXPECT_NE(all.find(account::HmacSha256Hex(kKey, "9990000034")), std::string::npos);
}

TEST_F(ExtractFixture, CommissionerExtractsCarryNoPatientIdentifyingItem) {
  for (const char* folder : {"commissioner-98Y00", "commissioner-99X00"}) {
    const BuiltExtract& c = *Find(folder);
    std::string all;
    for (const ExtractFile& f : c.files) all += f.contents;
    for (const char* identifying : {"NHSNumber", "LocalPatientID", "PersonBirthDate", "Postcode",
                                    "9990000034", "RX1P0003", "LS11 5RD", "2003-07-21"}) {
      EXPECT_EQ(all.find(identifying), std::string::npos) << folder << " holds " << identifying;
    }
  }
}

TEST_F(ExtractFixture, OptedOutPeopleAreAbsentFromEveryCommissionerExtract) {
  // 99X00: RX1P0001 (SR1001, SR1002) is opted out; RX1P0008 has no 99X00 referral.
  const BuiltExtract& c = *Find("commissioner-99X00");
  EXPECT_EQ(c.people_opted_out, 1u);
  // 19 accepted referrals less SR1005 and SR1011 (98Y00), less SR1001 and SR1002 (opted out).
  EXPECT_EQ(Count(c, "MHS101Referral")->in_scope, 17u);
  EXPECT_EQ(Count(c, "MHS101Referral")->opted_out, 2u);
  EXPECT_EQ(Count(c, "MHS101Referral")->written, 15u);
  std::string all;
  for (const ExtractFile& f : c.files) all += f.contents;
  EXPECT_EQ(all.find(account::HmacSha256Hex(kKey, "9990000018")), std::string::npos);
  EXPECT_EQ(all.find("RX1SR1001"), std::string::npos);
  EXPECT_EQ(all.find("RX1CC2003"), std::string::npos);
}

TEST_F(ExtractFixture, DerivedItemsFollowTheLayout) {
  const std::string& referrals = File(*Find("provider-RX1"), "MHS101Referral.csv")->contents;
  EXPECT_EQ(referrals.substr(0, referrals.find('\r')),
            "ServiceRequestID,UniqServReqID,LocalPatientID,Person_ID,OrgIDComm,"
            "CareProfTeamLocalID,ReferralRequestReceivedDate,SourceOfReferralMH,"
            "PrimReasonReferralMH,ServDischDate");
  const std::string& header = File(*Find("provider-RX1"), "MHS000Header.csv")->contents;
  // October 2026: 12 * (2026 - 1900) + 10 - 3.
  EXPECT_NE(header.find(",1519\r\n"), std::string::npos) << header;
  // RX1P0003 was born 2003-07-21: 23 on 2026-10-31.
  const std::string& mpi = File(*Find("commissioner-98Y00"), "MHS001MPI.csv")->contents;
  EXPECT_NE(mpi.find(account::HmacSha256Hex(kKey, "9990000034") + ",23,"), std::string::npos)
      << mpi;
}

TEST_F(ExtractFixture, EveryXmlExtractIsValidAgainstItsXsd) {
  for (const BuiltExtract& e : run_.extracts) {
    EXPECT_EQ(SchemaErrors(File(e, "extract.xml")->contents, File(e, "extract.xsd")->contents), "")
        << e.folder;
  }
  // And the check can fail: a column the XSD does not know.
  std::string xml = File(run_.extracts[0], "extract.xml")->contents;
  xml.insert(xml.find("<Row>") + 5, "<Unknown>1</Unknown>");
  EXPECT_NE(SchemaErrors(xml, File(run_.extracts[0], "extract.xsd")->contents), "");
}

TEST_F(ExtractFixture, ManifestRecordsCountsOptOutsAndFileDigests) {
  const BuiltExtract& c = *Find("commissioner-98Y00");
  const std::string& manifest = c.files.back().contents;
  EXPECT_EQ(c.files.back().name, "manifest.json");
  EXPECT_NE(manifest.find("\"period\": \"2026-10\""), std::string::npos);
  EXPECT_NE(manifest.find("\"applied\": true"), std::string::npos);
  EXPECT_NE(manifest.find("\"list_entries\": 3"), std::string::npos);
  EXPECT_NE(manifest.find("\"created_at\": \"2026-11-06T10:00:00\""), std::string::npos);
  for (size_t i = 0; i + 1 < c.files.size(); ++i) {
    EXPECT_EQ(c.files[i].sha256, account::Sha256Hex(c.files[i].contents));
    EXPECT_NE(manifest.find(c.files[i].sha256), std::string::npos) << c.files[i].name;
  }
  // A submitted value can never reach the manifest: it holds counts, codes and digests.
  EXPECT_EQ(manifest.find("9990000"), std::string::npos);
}

TEST_F(ExtractFixture, WithoutAnOptOutListOnlyTheProviderExtractIsBuilt) {
  ExtractOptions options = options_;
  options.opt_outs = nullptr;
  auto run =
      BuildExtracts(fixture_->spec, *fixture_->source, fixture_->validation, layout_, options);
  ASSERT_TRUE(run.ok());
  ASSERT_EQ(run->extracts.size(), 1u);
  EXPECT_EQ(run->extracts[0].folder, "provider-RX1");
  ASSERT_EQ(run->skipped.size(), 1u);
  EXPECT_NE(run->skipped[0].find("--opt-outs"), std::string::npos);
}

TEST_F(ExtractFixture, FilesAreWrittenPrivatelyAndCompletely) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mhds-extract-test-" + std::to_string(::getpid()));
  ASSERT_TRUE(WriteExtracts(run_, dir).ok());
  for (const BuiltExtract& e : run_.extracts) {
    for (const ExtractFile& f : e.files) {
      std::filesystem::path path = dir / e.folder / f.name;
      struct stat st {};
      ASSERT_EQ(::stat(path.c_str(), &st), 0) << path;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << path;
      std::ifstream in(path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      EXPECT_EQ(text.str(), f.contents) << path;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mhds::extract
