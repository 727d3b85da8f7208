// `provwatch explain`: the same scoring as `score`, for a person, run as the
// real binary; and the marking of matches in the text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/explain_command.h"
#include "daemon/report.h"
#include "storage/store.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using pw::testing::TempDir;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

pw::testing::ProcessResult Provwatch(std::vector<std::string> args, const TempDir& dir,
                                     const std::string& input = "") {
  args.insert(args.begin(), PW_BINARY);
  return pw::testing::Run(args, dir.path(), input, 60s);
}

constexpr const char* kRefutation =
    R"({"id":"r1","title":"Lai Châu bác bỏ tin đồn về dịch bệnh","text":"Sở Y tế khẳng định tin trên là sai sự thật."})"
    "\n";

TEST(Explain, ShowsVerdictSumMatchesTopicsAndMarkedTextInVietnamese) {
  TempDir dir;
  WriteFile(dir.Sub("in.jsonl"), kRefutation);
  const auto r = Provwatch({"explain", "--profile", "lai-chau", "--input", dir.Sub("in.jsonl")}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("== r1\n"));
  EXPECT_THAT(r.out, HasSubstr("Kết luận: NGHI SAI LỆCH"));
  EXPECT_THAT(r.out, HasSubstr("có phản hồi, bác bỏ chính thức"));
  // refutation 5 + health-misinfo 1.5 + sai sự thật 5.
  EXPECT_THAT(r.out, HasSubstr("Điểm: 5 + 1.5 + 5 = 11.5\n"));
  EXPECT_THAT(r.out, HasSubstr("+5  refutation  «bác bỏ tin đồn»  tiêu đề 10-30"));
  EXPECT_THAT(r.out, HasSubstr("0  false-info  «tin đồn»  tiêu đề 20-30"));
  EXPECT_THAT(r.out, HasSubstr("(không tính: nằm trong «bác bỏ tin đồn»)"));
  EXPECT_THAT(r.out, HasSubstr("-> van-phong-ubnd  [bác bỏ chính thức]"));
  EXPECT_THAT(r.out, HasSubstr("Tiêu đề: «[Lai Châu]» «[bác bỏ tin đồn về dịch bệnh]»\n"));
  EXPECT_THAT(r.out, HasSubstr("Nội dung: Sở «[Y tế]» khẳng định tin trên là «[sai sự thật]».\n"));
}

TEST(Explain, SpeaksEnglishWithLangEnAndReadsStandardInput) {
  TempDir dir;
  const auto r = Provwatch({"--lang", "en", "explain", "--profile", "lai-chau"}, dir,
                           R"({"id":"n1","title":"Tin giả ở Hà Nội","text":""})" "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Verdict: Does not mention the province: not a candidate (5 / threshold 5)"));
  EXPECT_THAT(r.out, HasSubstr("Title: «[Tin giả]» ở Hà Nội"));
  EXPECT_THAT(r.out, Not(HasSubstr("Kết luận")));
}

TEST(Explain, ExplainsAStoredItemByKeyAndRejectsAnUnknownOne) {
  TempDir dir;
  {
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    Item item;
    item.key = "https://example.vn/a";
    item.source_id = "s";
    item.entry.title = "Mường Tè: clip cắt ghép";
    item.entry.summary = "Đoạn phim được ghép từ nhiều video cũ.";
    ASSERT_TRUE((*store)->PutNew({item}).ok());
  }
  auto r = Provwatch({"explain", "--profile", "lai-chau", "--data", dir.Sub("data"), "https://example.vn/a"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Tiêu đề: «[Mường Tè]»: clip «[cắt ghép]»"));
  r = Provwatch({"explain", "--profile", "lai-chau", "--data", dir.Sub("data"), "nope"}, dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("không có mục này trong kho: nope"));
  r = Provwatch({"explain", "--profile", "ha-noi", "--input", "x"}, dir);
  EXPECT_EQ(r.exit_code, 2);
}

TEST(MarkMatches, MarksOverlappingMatchesOnceAndSkipsOtherFields) {
  const std::string text = "tin giả mạo và bôi nhọ";
  std::vector<Match> m = {{"a", "tin giả", "text", 0, 9, 1},
                          {"b", "tin giả mạo", "text", 0, 15, 1},
                          {"c", "bôi nhọ", "text", 20, 30, 1},
                          {"d", "x", "title", 0, 3, 1}};
  EXPECT_EQ(MarkMatches(text, "text", m), "«[tin giả mạo]» và «[bôi nhọ]»");
  EXPECT_EQ(MarkMatches("", "text", {}), "");
}

// The run/demo output of a stored item: a match neutralised by a negation
// cue says so, instead of passing for a repeat.
TEST(Explain, StoredItemOutputNamesTheCueThatNeutralisedAMatch) {
  Item item;
  item.entry.title = "Không phải tin giả";
  item.score.matches.push_back(
      {.rule = "false-info", .term = "tin giả", .field = "title", .start = 14, .end = 23, .weight = 0,
       .covered_by = "không phải tin giả"});
  item.score.matches.push_back(
      {.rule = "false-info", .term = "tin giả", .field = "title", .start = 14, .end = 23, .weight = 0});
  const std::string vi = Explain(item, Lang::kVi, "");
  EXPECT_THAT(vi, HasSubstr("«tin giả» (không tính: nằm trong «không phải tin giả»)"));
  EXPECT_THAT(vi, HasSubstr("«tin giả» (lặp lại)"));
  EXPECT_THAT(Explain(item, Lang::kEn, ""), HasSubstr("(not counted: inside «không phải tin giả»)"));
}

}  // namespace
}  // namespace pw::daemon
