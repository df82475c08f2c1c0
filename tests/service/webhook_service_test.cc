// Webhooks: event filters, signed delivery to a real HTTP receiver on
// loopback, retries with backoff, dead letters, permissions and the sealed
// secret.
#include "service/webhook_service.h"

#include <sodium.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "service_fixture.h"
#include "store/audit_store.h"
#include "store/outbox_store.h"

namespace wangge::service::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// An HTTP server on 127.0.0.1 (port chosen by the system) that records
// every request and answers each with the status it is told to.
class Receiver {
 public:
  struct Received {
    std::string target;
    std::map<std::string, std::string> headers;  // lowercase names
    std::string body;
  };

  explicit Receiver(int status)
      : status_(status),
        acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    // A connection of our own wakes the blocking accept.
    asio::io_context io;
    tcp::socket wake(io);
    beast::error_code ec;
    wake.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }

  std::string Url(const std::string& path = "/hooks/wangge") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void SetStatus(int status) { status_ = status; }
  std::vector<Received> Requests() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  void Serve() {
    for (;;) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_) return;
      if (ec) continue;
      beast::flat_buffer buffer;
      bhttp::request<bhttp::string_body> req;
      bhttp::read(socket, buffer, req, ec);
      if (ec) continue;
      Received r;
      r.target = std::string(req.target());
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& ch : name) ch = static_cast<char>(std::tolower(ch));
        r.headers[name] = std::string(field.value());
      }
      r.body = req.body();
      {
        std::lock_guard lock(mu_);
        received_.push_back(std::move(r));
      }
      const int status = status_;
      bhttp::response<bhttp::string_body> res{
          static_cast<bhttp::status>(status), 11};
      if (status != 204)
        res.body() = status < 300 ? "thanks" : "receiver is down for repairs";
      res.keep_alive(false);
      res.prepare_payload();
      bhttp::write(socket, res, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  std::atomic<int> status_;
  std::atomic<bool> stopping_{false};
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<Received> received_;
  std::thread thread_;
};

std::string Sha256(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// HMAC-SHA256 written out from RFC 2104, independent of the code under test.
std::string HmacSha256Hex(std::string key, std::string_view message) {
  if (key.size() > 64) key = Sha256(key);
  key.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (size_t i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(key[i] ^ 0x36);
    outer[i] = static_cast<char>(key[i] ^ 0x5c);
  }
  return Hex(Sha256(outer + Sha256(inner + std::string(message))));
}

// A port on loopback with nothing listening.
uint16_t ClosedPort() {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

class WebhookServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    hooks_ = std::make_unique<WebhookService>(*db_, clock_, *cipher_, *audit_);
  }
  void TearDown() override {
    hooks_.reset();
    ServiceTest::TearDown();
  }

  CreatedWebhook MustCreate(const std::string& url,
                            const std::vector<std::string>& events = {}) {
    auto created = hooks_->Create(Actor::Cli(), "receiver", url, events);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : CreatedWebhook{};
  }

  void Emit(const std::string& type, const boost::json::object& payload) {
    auto r = db_->Write([&](store::Connection& c) {
      return WebhookService::Enqueue(c, type, payload, clock_.Now());
    });
    ASSERT_TRUE(r) << r.error().message;
  }

  int64_t Count(const std::string& sql,
                std::initializer_list<store::SqlValue> params = {}) {
    auto n = db_->Read(
        [&](store::Connection& c) { return c.QueryInt(sql, params); });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }

  store::OutboxRow Row(int64_t id) {
    auto row = db_->Read(
        [&](store::Connection& c) { return store::OutboxStore::Get(c, id); });
    EXPECT_TRUE(row);
    return row ? *row : store::OutboxRow{};
  }

  int64_t OnlyOutboxId() {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
    return Count("SELECT MAX(id) FROM outbox");
  }

  store::PageOf<store::AuditEntry> Audit(const std::string& action,
                                         const std::string& result) {
    store::AuditFilter f;
    f.action_prefix = action;
    f.result = result;
    auto page = db_->Read([&](store::Connection& c) {
      return store::AuditStore::List(c, f, {1, 50});
    });
    EXPECT_TRUE(page);
    return page ? *page : store::PageOf<store::AuditEntry>{};
  }

  std::unique_ptr<WebhookService> hooks_;
};

TEST(WebhookRetryDelayTest, DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(WebhookRetryDelay(1), 30'000);
  EXPECT_EQ(WebhookRetryDelay(2), 60'000);
  EXPECT_EQ(WebhookRetryDelay(3), 120'000);
  EXPECT_EQ(WebhookRetryDelay(4), 240'000);
  EXPECT_EQ(WebhookRetryDelay(5), 480'000);
  EXPECT_EQ(WebhookRetryDelay(6), 960'000);
  EXPECT_EQ(WebhookRetryDelay(7), 1'920'000);
  EXPECT_EQ(WebhookRetryDelay(8), 3'600'000);
  EXPECT_EQ(WebhookRetryDelay(100), 3'600'000);
}

TEST(WebhookSignatureTest, IsHmacSha256OfTimestampDotBody) {
  // The reference implementation against RFC 4231 test case 2 first.
  ASSERT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(WebhookSignature("Jefe", "1795996800", R"({"a":1})"),
            "sha256=" + HmacSha256Hex("Jefe", R"(1795996800.{"a":1})"));
  const std::string long_key(100, 'k');
  EXPECT_EQ(WebhookSignature(long_key, "1", "x"),
            "sha256=" + HmacSha256Hex(long_key, "1.x"));
}

TEST(WebhookEventMatchesTest, ExactTypesAndPrefixes) {
  EXPECT_TRUE(WebhookEventMatches("", "case.created"));
  EXPECT_TRUE(WebhookEventMatches("case.*", "case.created"));
  EXPECT_FALSE(WebhookEventMatches("case.*", "cases.created"));
  EXPECT_TRUE(WebhookEventMatches("user.created, case.closed", "case.closed"));
  EXPECT_FALSE(WebhookEventMatches("case.closed", "case.closed.late"));
  EXPECT_TRUE(WebhookEventMatches("*", "anything"));
}

TEST_F(WebhookServiceTest, EnqueueFiltersByEventType) {
  // No webhooks: events cost nothing and leave nothing.
  Emit("case.created", {{"case_id", 1}});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);

  const auto cases = MustCreate("http://127.0.0.1:9/a", {"case.*"});
  const auto users = MustCreate("http://127.0.0.1:9/b", {"user.created"});
  const auto all = MustCreate("http://127.0.0.1:9/c");
  Emit("case.created", {{"case_id", 2}});
  Emit("user.created", {{"user_id", 3}});
  Emit("grid.changed", {{"grid_id", 4}});
  auto rows_of = [&](const CreatedWebhook& w) {
    return Count("SELECT COUNT(*) FROM outbox WHERE webhook_id = ?",
                 {w.webhook.id});
  };
  EXPECT_EQ(rows_of(cases), 1);
  EXPECT_EQ(rows_of(users), 1);
  EXPECT_EQ(rows_of(all), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE webhook_id = ? AND "
                  "event_type = 'case.created' AND payload = ?",
                  {cases.webhook.id, std::string(R"({"case_id":2})")}),
            1);

  // An event rolled back with its transaction never reaches the outbox.
  auto rolled = db_->Write([&](store::Connection& c) -> Status {
    WG_TRY(WebhookService::Enqueue(c, "case.created", {{"case_id", 5}},
                                   clock_.Now()));
    return Invalid("test.rollback", "undo");
  });
  ASSERT_FALSE(rolled);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 5);
}

TEST_F(WebhookServiceTest, DeliversSignedJsonThatTheReceiverCanVerify) {
  Receiver receiver(200);
  const auto hook = MustCreate(receiver.Url(), {"case.*"});
  const boost::json::object payload{{"case_id", 7}, {"title", "路灯不亮"}};
  Emit("case.created", payload);
  const int64_t id = OnlyOutboxId();

  auto n = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  auto got = receiver.Requests();
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_EQ(r.target, "/hooks/wangge");
  EXPECT_EQ(r.body, boost::json::serialize(payload));
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("x-wangge-event"), "case.created");
  EXPECT_EQ(r.headers.at("x-wangge-delivery"), std::to_string(id));
  const std::string timestamp = std::to_string(clock_.Now() / 1000);
  EXPECT_EQ(r.headers.at("x-wangge-timestamp"), timestamp);
  // What a receiver does: recompute the MAC with the secret it was shown.
  EXPECT_EQ(r.headers.at("x-wangge-signature"),
            "sha256=" + HmacSha256Hex(hook.secret, timestamp + "." + r.body));

  const auto row = Row(id);
  EXPECT_EQ(row.status, "delivered");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.delivered_at, clock_.Now());
  EXPECT_TRUE(row.lease_owner.empty());
  // Delivered once: nothing is due any more.
  auto again = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(receiver.Requests().size(), 1u);
}

TEST_F(WebhookServiceTest, FailuresBackOffThenDieAndRetryRevives) {
  Receiver receiver(500);
  MustCreate(receiver.Url());
  Emit("case.created", {{"case_id", 8}});
  const int64_t id = OnlyOutboxId();
  const Actor admin = MakeUser("sysadmin", "system_admin", "");

  for (int attempt = 1; attempt <= kWebhookMaxAttempts; ++attempt) {
    auto n = hooks_->DeliverDue("worker-a", 10);
    ASSERT_TRUE(n) << n.error().message;
    ASSERT_EQ(*n, 1) << "attempt " << attempt;
    const auto row = Row(id);
    EXPECT_EQ(row.attempts, attempt);
    EXPECT_NE(row.last_error.find("HTTP 500"), std::string::npos)
        << row.last_error;
    if (attempt == kWebhookMaxAttempts) {
      EXPECT_EQ(row.status, "dead");
      break;
    }
    EXPECT_EQ(row.status, "pending");
    const Millis delay = WebhookRetryDelay(attempt);
    EXPECT_EQ(row.next_attempt_at, clock_.Now() + delay);
    // Not due a second early...
    clock_.Advance(delay - 1000);
    auto early = hooks_->DeliverDue("worker-a", 10);
    ASSERT_TRUE(early);
    EXPECT_EQ(*early, 0) << "attempt " << attempt;
    // ...and due on time.
    clock_.Advance(1000);
  }
  EXPECT_EQ(receiver.Requests().size(), size_t{kWebhookMaxAttempts});
  // Dead rows are not attempted again, however long one waits.
  clock_.Advance(24 * 3600 * 1000);
  auto after_death = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(after_death);
  EXPECT_EQ(*after_death, 0);

  auto dead = hooks_->DeadLetters(admin, {1, 20});
  ASSERT_TRUE(dead) << dead.error().message;
  ASSERT_EQ(dead->total, 1);
  EXPECT_EQ(dead->items[0].id, id);
  EXPECT_EQ(dead->items[0].event_type, "case.created");

  receiver.SetStatus(204);
  ASSERT_TRUE(hooks_->Retry(admin, id));
  EXPECT_EQ(Audit("outbox.retry", "ok").total, 1);
  auto revived = Row(id);
  EXPECT_EQ(revived.status, "pending");
  EXPECT_EQ(revived.attempts, 0);
  auto n = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Row(id).status, "delivered");
  EXPECT_EQ(hooks_->DeadLetters(admin, {1, 20})->total, 0);

  // Only dead rows can be retried.
  auto not_dead = hooks_->Retry(admin, id);
  ASSERT_FALSE(not_dead);
  EXPECT_EQ(not_dead.error().code, ErrorCode::kConflict);
  auto missing = hooks_->Retry(admin, id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(WebhookServiceTest, UnreachableReceiverIsAFailedAttempt) {
  MustCreate("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/x");
  Emit("case.created", {{"case_id", 9}});
  const int64_t id = OnlyOutboxId();
  auto n = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
  const auto row = Row(id);
  EXPECT_EQ(row.status, "pending");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_NE(row.last_error.find("connect"), std::string::npos)
      << row.last_error;
  EXPECT_EQ(row.next_attempt_at, clock_.Now() + WebhookRetryDelay(1));
}

TEST_F(WebhookServiceTest, SilentReceiverTimesOutOnceForTheWholeBatch) {
  // Connections complete in the kernel's backlog; nothing ever answers.
  asio::io_context io;
  tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
  MustCreate("http://127.0.0.1:" +
             std::to_string(silent.local_endpoint().port()) + "/");
  for (int i = 0; i < 3; ++i) Emit("case.created", {{"case_id", i}});
  const auto start = std::chrono::steady_clock::now();
  auto n = hooks_->DeliverDue("worker-a", 10);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 3);
  EXPECT_GE(took, WebhookService::kDeliveryTimeout);
  EXPECT_LT(took, 2 * WebhookService::kDeliveryTimeout)
      << "the later rows did not wait out the timeout again";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND "
                  "attempts = 1 AND last_error LIKE '%timeout%'"),
            3);
}

TEST_F(WebhookServiceTest,
       OnlySystemAdminsManageWebhooksAndRefusalsAreAudited) {
  const Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  const Actor admin = MakeUser("sysadmin", "system_admin", "");
  const Actor security = MakeUser("secadmin", "security_admin", "");

  auto refused = hooks_->Create(staff, "mine", "http://127.0.0.1:9/", {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  auto denied = Audit("webhook.create", "denied");
  ASSERT_EQ(denied.total, 1);
  EXPECT_EQ(denied.items[0].username, "grid01");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhooks"), 0);

  for (const Actor* a : {&staff, &security}) {
    EXPECT_EQ(hooks_->List(*a).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(hooks_->Remove(*a, 1).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(hooks_->DeadLetters(*a, {1, 20}).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(hooks_->Retry(*a, 1).error().code, ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(Audit("webhook.remove", "denied").total, 2);
  EXPECT_EQ(Audit("outbox.retry", "denied").total, 2);

  auto created = hooks_->Create(admin, "ops", "http://127.0.0.1:9/", {});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(Audit("webhook.create", "ok").total, 1);
  auto listed = hooks_->List(admin);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "ops");

  ASSERT_TRUE(hooks_->Remove(admin, created->webhook.id));
  EXPECT_EQ(Audit("webhook.remove", "ok").total, 1);
  EXPECT_TRUE(hooks_->List(admin)->empty());
  auto gone = hooks_->Remove(admin, created->webhook.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(WebhookServiceTest, SecretIsStoredSealedAndShownOnce) {
  const auto hook = MustCreate("http://127.0.0.1:9/", {"case.*"});
  ASSERT_GE(hook.secret.size(), 32u);
  auto sealed = db_->Read([&](store::Connection& c) {
    return store::OutboxStore::GetWebhook(c, hook.webhook.id);
  });
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->secret_sealed.find(hook.secret), std::string::npos);
  auto opened = cipher_->Decrypt(sealed->secret_sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, hook.secret);
  // Nowhere else in plain text either: not in the row, not in the audit log.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhooks WHERE name || url || "
                  "secret_sealed || events LIKE ?",
                  {"%" + hook.secret + "%"}),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?",
                  {"%" + hook.secret + "%"}),
            0);
  // Two webhooks never share a secret.
  EXPECT_NE(MustCreate("http://127.0.0.1:9/").secret, hook.secret);
}

TEST_F(WebhookServiceTest, BadInputNamesTheField) {
  const Actor cli = Actor::Cli();
  auto field_of = [&](std::string_view name, std::string_view url,
                      std::vector<std::string> events) {
    auto r = hooks_->Create(cli, name, url, events);
    if (r) return std::string("<created>");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    return r.error().field;
  };
  for (const char* url :
       {"https://example.org/hook", "ftp://example.org/", "example.org/hook",
        "http://", "http://:80/", "http://host:0/", "http://host:70000/",
        "http://user:pw@host/", "http://host/a b", "http://[::1]/",
        "http://host/#frag"})
    EXPECT_EQ(field_of("n", url, {}), "url") << url;
  EXPECT_EQ(field_of("", "http://127.0.0.1/", {}), "name");
  EXPECT_EQ(field_of("   ", "http://127.0.0.1/", {}), "name");
  for (const char* event : {"Case.*", "case*.x", "", "case created"})
    EXPECT_EQ(field_of("n", "http://127.0.0.1/", {event}), "events") << event;
  EXPECT_EQ(field_of("n", "http://receiver.example:8080/in?x=1", {"case.*"}),
            "<created>");
  EXPECT_EQ(Audit("webhook.create", "failed").total, 17);
}

TEST_F(WebhookServiceTest, RemovingAWebhookDropsItsPendingRows) {
  const Actor admin = MakeUser("sysadmin", "system_admin", "");
  const auto hook = MustCreate("http://127.0.0.1:9/");
  Emit("case.created", {{"case_id", 10}});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 1);
  ASSERT_TRUE(hooks_->Remove(admin, hook.webhook.id));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
  auto n = hooks_->DeliverDue("worker-a", 10);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
}

}  // namespace
}  // namespace wangge::service::testing
