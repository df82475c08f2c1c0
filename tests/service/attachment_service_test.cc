#include "service/attachment_service.h"

#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "service_fixture.h"
#include "store/area_store.h"
#include "store/audit_store.h"
#include "store/settings_store.h"

namespace wangge::service::testing {
namespace {

namespace fs = std::filesystem;

std::string Bytes(std::initializer_list<unsigned char> b) {
  return std::string(b.begin(), b.end());
}

// A real 1x1 PNG.
const std::string kPng = Bytes(
    {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
     0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
     0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
     0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xB8, 0x24, 0x27, 0x07,
     0x00, 0x02, 0xD4, 0x01, 0x0F, 0x8F, 0x68, 0x5E, 0x7D, 0x00, 0x00, 0x00,
     0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82});

// Different content of the same type: the PNG with bytes after IEND.
const std::string kOtherPng = kPng + "trailer";

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every regular file under `dir` (none when it does not exist).
std::vector<fs::path> FilesUnder(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

class AttachmentServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    attachments_ =
        std::make_unique<AttachmentService>(*db_, clock_, *audit_, dir_);
  }
  void TearDown() override {
    attachments_.reset();
    ServiceTest::TearDown();
  }

  fs::path Root() const { return fs::path(dir_) / "attachments"; }

  int64_t AttachmentRows() {
    auto n = db_->Read([](store::Connection& c) {
      return c.QueryInt("SELECT COUNT(*) FROM attachments");
    });
    EXPECT_TRUE(n);
    return n.value_or(-1);
  }

  int64_t GridId(const std::string& code) {
    auto area = db_->Read([&](store::Connection& c) {
      return store::AreaStore::GetByCode(c, code);
    });
    EXPECT_TRUE(area) << code;
    return area ? area->id : 0;
  }

  // A minimal case in grid `grid_code` with public tracking number
  // `tracking`, straight in SQL: the case engine is not under test here.
  int64_t AddCase(const std::string& grid_code, const std::string& tracking) {
    const int64_t grid = GridId(grid_code);
    const int64_t community = GridId("320115003012");
    auto id = db_->Write([&](store::Connection& c) -> Result<int64_t> {
      WG_ASSIGN(store::Row policy,
                c.QueryOne("SELECT id, category_id FROM category_policies "
                           "ORDER BY id LIMIT 1",
                           {}, "policy"));
      return c.Insert(
          "INSERT INTO cases (number, tracking, category_id, policy_id, "
          "level, source, title, grid_id, community_id, state, owner_kind, "
          "owner_area_id, owner_since, created_at, updated_at) VALUES (?, ?, "
          "?, ?, 'ordinary', 'grid_staff', '井盖缺失', ?, ?, 'reported', "
          "'grid', ?, 0, 0, 0)",
          {"320115003012-2026-" + tracking, tracking, policy.Int(1),
           policy.Int(0), grid, community, grid});
    });
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }

  void Link(int64_t case_id, int64_t attachment_id, const std::string& kind) {
    auto linked = db_->Write([&](store::Connection& c) {
      return c.Exec(
          "INSERT INTO case_attachments (case_id, attachment_id, kind) "
          "VALUES (?, ?, ?)",
          {case_id, attachment_id, kind});
    });
    EXPECT_TRUE(linked) << linked.error().message;
  }

  std::vector<store::AuditEntry> AuditOf(const std::string& action) {
    auto log = db_->Read([&](store::Connection& c) {
      store::AuditFilter f;
      f.action_prefix = action;
      return store::AuditStore::List(c, f, {1, 100});
    });
    EXPECT_TRUE(log);
    return log ? log->items : std::vector<store::AuditEntry>{};
  }

  std::unique_ptr<AttachmentService> attachments_;
};

TEST_F(AttachmentServiceTest, StoresContentAddressedOnce) {
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  auto first = attachments_->Upload(staff, kPng);
  ASSERT_TRUE(first) << first.error().message;
  const std::string sha = Sha256Hex(kPng);
  EXPECT_EQ(first->sha256, sha);
  EXPECT_EQ(first->mime, "image/png");
  EXPECT_EQ(first->size, static_cast<int64_t>(kPng.size()));
  const fs::path path = Root() / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  EXPECT_EQ(attachments_->PathOf(sha), path);
  ASSERT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(ReadAll(path), kPng);

  // The same bytes again: a new row (it records who uploaded it and when)
  // pointing at the same single file.
  Actor leader = MakeUser("dongyang", "community_leader", "320115003012");
  auto second = attachments_->Upload(leader, kPng);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->id, first->id);
  EXPECT_EQ(second->sha256, sha);
  auto third = attachments_->Upload(staff, kOtherPng);
  ASSERT_TRUE(third);
  EXPECT_NE(third->sha256, sha);
  const auto files = FilesUnder(Root());
  EXPECT_EQ(files.size(), 2u);  // no temporary files left behind
  EXPECT_EQ(AttachmentRows(), 3);

  auto opened = attachments_->Open(staff, first->id);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->path, path);
  EXPECT_EQ(opened->mime, "image/png");
  EXPECT_EQ(opened->sha256, sha);
  EXPECT_EQ(opened->size, static_cast<int64_t>(kPng.size()));

  const auto log = AuditOf("attachment.upload");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.back().result, "ok");
  EXPECT_EQ(log.back().username, "grid01");
  EXPECT_EQ(log.back().target_id, std::to_string(first->id));
}

TEST_F(AttachmentServiceTest, RefusesOverLimitWithNothingWritten) {
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  ASSERT_TRUE(db_->Write([&](store::Connection& c) {
    return store::SettingsStore::Set(c, "attachment_max_bytes", "100", 0);
  }));
  const std::string big = kPng + std::string(100, 'x');
  auto r = attachments_->Upload(staff, big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().key, "attachment.too_large");
  EXPECT_EQ(r.error().field, "file");
  EXPECT_TRUE(FilesUnder(Root()).empty());
  EXPECT_EQ(AttachmentRows(), 0);
  // At the limit it is fine.
  EXPECT_TRUE(
      attachments_->Upload(staff, kPng + std::string(100 - kPng.size(), 'x')));
  const auto log = AuditOf("attachment.upload");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log.back().result, "failed");
}

TEST_F(AttachmentServiceTest, RefusesWrongTypeAndEmptyWithNothingWritten) {
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  for (const std::string& bytes :
       {std::string("name,phone\n王建国,13812341234\n"),
        std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13),
        std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        kPng.substr(0, 10)}) {
    auto r = attachments_->Upload(staff, bytes);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().key, "attachment.type");
    EXPECT_EQ(r.error().field, "file");
  }
  auto empty = attachments_->Upload(staff, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().key, "attachment.empty");
  EXPECT_EQ(empty.error().field, "file");
  auto pub = attachments_->UploadPublic("origin", "hello");
  ASSERT_FALSE(pub);
  EXPECT_EQ(pub.error().key, "attachment.type");
  EXPECT_TRUE(FilesUnder(Root()).empty());
  EXPECT_EQ(AttachmentRows(), 0);
}

TEST_F(AttachmentServiceTest, OnlyCaseWorkingRolesUpload) {
  for (const char* role : {"auditor", "system_admin", "security_admin"}) {
    Actor a = MakeUser(std::string("u_") + role, role, "");
    auto r = attachments_->Upload(a, kPng);
    ASSERT_FALSE(r) << role;
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << role;
  }
  EXPECT_EQ(AttachmentRows(), 0);
  const auto log = AuditOf("attachment.upload");
  ASSERT_EQ(log.size(), 3u);
  for (const auto& e : log) EXPECT_EQ(e.result, "denied");
  Actor patrol = MakeUser("patrol", "patrol_member", "");
  EXPECT_TRUE(attachments_->Upload(patrol, kPng));
  EXPECT_TRUE(attachments_->Upload(Actor::Cli(), kPng));
}

TEST_F(AttachmentServiceTest, AccessFollowsUploaderAndCaseScope) {
  Actor staff1 = MakeUser("grid01", "grid_staff", kGrid1);
  Actor colleague1 = MakeUser("grid01b", "grid_staff", kGrid1);
  Actor staff2 = MakeUser("grid02", "grid_staff", kGrid2);
  Actor leader = MakeUser("dongyang", "community_leader", "320115003012");
  Actor auditor = MakeUser("auditor", "auditor", "");
  auto up = attachments_->Upload(staff1, kPng);
  ASSERT_TRUE(up);

  // Unlinked: only the uploader (and the CLI operator).
  EXPECT_TRUE(attachments_->Open(staff1, up->id));
  EXPECT_TRUE(attachments_->Open(Actor::Cli(), up->id));
  auto denied = attachments_->Open(colleague1, up->id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(attachments_->Open(leader, up->id));

  // Linked to a case in grid 01: its grid's staff and the community see
  // it, grid 02's staff still do not.
  Link(AddCase(kGrid1, "T1"), up->id, "before");
  EXPECT_TRUE(attachments_->Open(colleague1, up->id));
  EXPECT_TRUE(attachments_->Open(leader, up->id));
  auto other_grid = attachments_->Open(staff2, up->id);
  ASSERT_FALSE(other_grid);
  EXPECT_EQ(other_grid.error().code, ErrorCode::kPermissionDenied);
  // Auditors see all areas but not case photos.
  auto by_auditor = attachments_->Open(auditor, up->id);
  ASSERT_FALSE(by_auditor);
  EXPECT_EQ(by_auditor.error().code, ErrorCode::kPermissionDenied);

  auto missing = attachments_->Open(staff1, up->id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  // colleague and leader before the link, grid 02 and the auditor after;
  // an unknown id is not a refusal.
  const auto log = AuditOf("attachment.read");
  ASSERT_EQ(log.size(), 4u);
  for (const auto& e : log) {
    EXPECT_EQ(e.result, "denied");
    EXPECT_EQ(e.target_id, std::to_string(up->id));
  }
  EXPECT_EQ(log.front().username, "auditor");
}

TEST_F(AttachmentServiceTest, PublicUploadAndStatusPage) {
  auto up = attachments_->UploadPublic("abc123", kPng);
  ASSERT_TRUE(up) << up.error().message;
  auto row = db_->Read([&](store::Connection& c) {
    return c.QueryOne(
        "SELECT uploaded_by, uploader_origin FROM attachments WHERE id = ?",
        {up->id}, "attachment");
  });
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->IsNull(0));
  EXPECT_EQ(row->Text(1), "abc123");
  const auto log = AuditOf("attachment.upload");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.front().username, "public");

  // Not on any case yet: nothing to see, whatever the tracking number.
  auto before_link = attachments_->OpenPublic("T1", up->id);
  ASSERT_FALSE(before_link);
  EXPECT_EQ(before_link.error().code, ErrorCode::kNotFound);

  const int64_t case1 = AddCase(kGrid1, "T1");
  AddCase(kGrid2, "T2");
  Link(case1, up->id, "before");
  auto shown = attachments_->OpenPublic("T1", up->id);
  ASSERT_TRUE(shown) << shown.error().message;
  EXPECT_EQ(shown->mime, "image/png");
  EXPECT_EQ(ReadAll(shown->path), kPng);
  auto wrong_case = attachments_->OpenPublic("T2", up->id);
  ASSERT_FALSE(wrong_case);
  EXPECT_EQ(wrong_case.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(attachments_->OpenPublic("", up->id));

  // Evidence stays internal.
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  auto evidence = attachments_->Upload(staff, kOtherPng);
  ASSERT_TRUE(evidence);
  Link(case1, evidence->id, "evidence");
  EXPECT_FALSE(attachments_->OpenPublic("T1", evidence->id));
}

TEST_F(AttachmentServiceTest, LookupChecksExistenceOrderAndRepeats) {
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  auto a = attachments_->Upload(staff, kPng);
  auto b = attachments_->Upload(staff, kOtherPng);
  ASSERT_TRUE(a && b);
  auto r = db_->Read([&](store::Connection& c) {
    const std::vector<int64_t> ids = {b->id, a->id};
    return AttachmentService::Lookup(c, ids);
  });
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, b->id);
  EXPECT_EQ((*r)[1].sha256, a->sha256);

  for (const std::vector<int64_t>& ids :
       std::vector<std::vector<int64_t>>{{a->id, 9999}, {a->id, a->id}}) {
    auto bad = db_->Read([&](store::Connection& c) {
      return AttachmentService::Lookup(c, ids);
    });
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad.error().field, "attachments");
  }
  auto none = db_->Read(
      [&](store::Connection& c) { return AttachmentService::Lookup(c, {}); });
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(AttachmentServiceTest, LookupForActorAndOriginRefuseOthersUploads) {
  Actor staff1 = MakeUser("grid01", "grid_staff", kGrid1);
  Actor staff2 = MakeUser("grid02", "grid_staff", kGrid2);
  auto mine = attachments_->Upload(staff1, kPng);
  ASSERT_TRUE(mine);
  const std::vector<int64_t> ids = {mine->id};
  auto own = db_->Read([&](store::Connection& c) {
    return AttachmentService::LookupForActor(c, staff1, ids);
  });
  EXPECT_TRUE(own);
  // Linking someone else's photo to one's own case would expose it.
  auto foreign = db_->Read([&](store::Connection& c) {
    return AttachmentService::LookupForActor(c, staff2, ids);
  });
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(foreign.error().field, "attachments");

  auto pub = attachments_->UploadPublic("origin-a", kPng);
  ASSERT_TRUE(pub);
  const std::vector<int64_t> pub_ids = {pub->id};
  auto lookup = [&](std::string_view origin, std::span<const int64_t> which) {
    return db_->Read([&](store::Connection& c) {
      return AttachmentService::LookupForOrigin(c, origin, which);
    });
  };
  EXPECT_TRUE(lookup("origin-a", pub_ids));
  EXPECT_FALSE(lookup("origin-b", pub_ids));
  EXPECT_FALSE(lookup("", pub_ids));
  // A logged-in upload is never a public one.
  EXPECT_FALSE(lookup("origin-a", ids));
  // Once on a case it cannot be attached to another report.
  Link(AddCase(kGrid1, "T1"), pub->id, "before");
  auto again = lookup("origin-a", pub_ids);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().field, "attachments");
}

}  // namespace
}  // namespace wangge::service::testing
