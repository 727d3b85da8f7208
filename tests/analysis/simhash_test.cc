#include "analysis/simhash.h"

#include <gtest/gtest.h>

namespace pw::analysis {
namespace {

const char* kStory =
    "Chiều 20/11, Ủy ban nhân dân tỉnh Lai Châu bác bỏ thông tin sai sự thật lan truyền trên mạng "
    "xã hội về việc hàng chục người thiệt mạng do sạt lở đất tại xã Mù Cả, huyện Mường Tè. Theo báo "
    "cáo của chính quyền địa phương, trận mưa lớn đêm 18/11 gây sạt lở làm hư hỏng ba ngôi nhà, "
    "không có thiệt hại về người. Lực lượng chức năng đã sơ tán mười hai hộ dân đến nơi an toàn.";

TEST(SimHash, RepublishedCopiesAreNearAndOtherStoriesFar) {
  const std::string story = kStory;
  const std::uint64_t original = SimHash(story);
  // Another outlet: new lead sentence, accents stripped by a social repost, different case.
  const std::string repost = "TIN NÓNG: " + story + " Mời bạn đọc theo dõi.";
  std::string accentless = "Chieu 20/11, Uy ban nhan dan tinh Lai Chau bac bo thong tin sai su that "
                           "lan truyen tren mang xa hoi ve viec hang chuc nguoi thiet mang do sat lo "
                           "dat tai xa Mu Ca, huyen Muong Te. Theo bao cao cua chinh quyen dia phuong, "
                           "tran mua lon dem 18/11 gay sat lo lam hu hong ba ngoi nha, khong co thiet "
                           "hai ve nguoi. Luc luong chuc nang da so tan muoi hai ho dan den noi an toan.";
  EXPECT_LE(HammingDistance(original, SimHash(repost)), NearDuplicateIndex::kMaxDistance);
  EXPECT_EQ(HammingDistance(original, SimHash(accentless)), 0) << "folding makes them the same";
  const char* other =
      "Sáng 21/11, Sở Giáo dục và Đào tạo tỉnh Phú Thọ tổ chức hội nghị tổng kết năm học, biểu dương "
      "các trường có thành tích xuất sắc trong phong trào thi đua dạy tốt, học tốt và trao tặng học "
      "bổng cho học sinh nghèo vượt khó ở các xã vùng cao của tỉnh.";
  EXPECT_GT(HammingDistance(original, SimHash(other)), 2 * NearDuplicateIndex::kMaxDistance);
}

TEST(SimHash, IsStableAcrossRunsAndNormalForms) {
  EXPECT_EQ(SimHash("tin giả về lũ quét ở Lai Châu"), SimHash("TIN GIẢ VỀ LŨ QUÉT Ở LAI CHÂU"));
  // NFD input.
  EXPECT_EQ(SimHash("tin giả"), SimHash("tin gia\u0309"));
  EXPECT_EQ(SimHash(""), 0u);
}

TEST(NearDuplicateIndex, FindsTheClusterWithinSevenBitsOnly) {
  NearDuplicateIndex index;
  const std::uint64_t a = 0x0123456789ABCDEFULL;
  index.Add("cluster-a", a);
  index.Add("cluster-b", ~a);
  EXPECT_EQ(index.FindNear(a ^ 0b101), "cluster-a");  // 2 bits
  // 7 bits, one in each of seven bands: the eighth band still finds it.
  std::uint64_t seven = a;
  for (int band = 0; band < 7; ++band) seven ^= 1ULL << (8 * band + 3);
  EXPECT_EQ(index.FindNear(seven), "cluster-a");
  EXPECT_FALSE(index.FindNear(a ^ 0xFF).has_value());  // 8 bits
  EXPECT_EQ(index.FindNear(~a ^ (1ULL << 20)), "cluster-b");
  EXPECT_EQ(index.size(), 2u);
}

TEST(NearDuplicateIndex, ClustersAnEditedStoryWithItsOriginal) {
  NearDuplicateIndex index;
  const std::string story = kStory;
  index.Add("landslide", SimHash(story));
  std::string edited = story;
  edited.replace(edited.find("mười hai"), std::string("mười hai").size(), "12");
  EXPECT_EQ(index.FindNear(SimHash(edited)), "landslide");
}

}  // namespace
}  // namespace pw::analysis
