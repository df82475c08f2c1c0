// Each user's messages from the case engine: assignments, supervision,
// escalation, the major-case list.
#include "service/case_service.h"

namespace wangge::service {

Result<store::PageOf<Notification>> CaseService::Notifications(
    const Actor& actor, bool unread_only, store::Page page) {
  if (!actor.user_id) return store::PageOf<Notification>{};
  return db_.Read(
      [&](store::Connection& c) -> Result<store::PageOf<Notification>> {
        store::WhereBuilder w;
        w.And("user_id = ?", {*actor.user_id});
        if (unread_only) w.And("read_at IS NULL");
        store::PageOf<Notification> out;
        WG_ASSIGN(auto total,
                  c.Query("SELECT COUNT(*) FROM notifications" + w.Sql(),
                          w.params()));
        out.total = total.empty() ? 0 : total[0].Int(0);
        WG_ASSIGN(auto rows,
                  c.Query("SELECT id, case_id, supervision_id, kind, message, "
                          "created_at, read_at FROM notifications" +
                              w.Sql() + " ORDER BY id DESC" + page.Sql(),
                          w.params()));
        for (const auto& r : rows)
          out.items.push_back({r.Int(0), r.OptInt(1), r.OptInt(2), r.Text(3),
                               r.Text(4), r.Int(5), r.OptInt(6)});
        return out;
      });
}

Result<int64_t> CaseService::MarkRead(const Actor& actor,
                                      const std::vector<int64_t>& ids) {
  if (!actor.user_id) return int64_t{0};
  return db_.Write([&](store::Connection& c) -> Result<int64_t> {
    const Millis now = clock_.Now();
    if (ids.empty())
      return c.Exec(
          "UPDATE notifications SET read_at = ? WHERE user_id = ? "
          "AND read_at IS NULL",
          {now, *actor.user_id});
    int64_t changed = 0;
    for (int64_t id : ids) {
      // Only one's own messages: the user id is part of the match.
      WG_ASSIGN(int64_t n, c.Exec("UPDATE notifications SET read_at = ? "
                                  "WHERE id = ? AND user_id = ? AND read_at "
                                  "IS NULL",
                                  {now, id, *actor.user_id}));
      changed += n;
    }
    return changed;
  });
}

}  // namespace wangge::service
