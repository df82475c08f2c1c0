// wangge jobs: run the periodic jobs once, by hand or from cron, and (with
// --at) as of a given instant — which is also how tests drive the deadline
// job deterministically from several processes at once.
#include <iostream>

#include "cli/commands/commands.h"
#include "jobs/deadline_job.h"
#include "jobs/outbox_job.h"

namespace wangge::cli {

namespace {

// "2026-11-30T10:00:00Z" or milliseconds since the epoch.
std::optional<Millis> ParseInstant(const std::string& text) {
  if (!text.empty() &&
      text.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(text);
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z')
    return std::nullopt;
  int64_t day = 0;
  if (!ParseDate(text.substr(0, 10), &day)) return std::nullopt;
  try {
    const int h = std::stoi(text.substr(11, 2));
    const int m = std::stoi(text.substr(14, 2));
    const int s = std::stoi(text.substr(17, 2));
    if (h > 23 || m > 59 || s > 59) return std::nullopt;
    return day * 86400000LL + (h * 3600LL + m * 60LL + s) * 1000LL;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

void AddJobCommands(CLI::App& root, int* exit_code) {
  auto* jobs = root.add_subcommand("jobs", "run periodic jobs once");
  jobs->require_subcommand(1);

  struct DeadlineOptions {
    CommonOptions common;
    std::string at;
    std::string worker;
    int batch = 200;
  };
  auto d = std::make_shared<DeadlineOptions>();
  auto* deadlines = jobs->add_subcommand(
      "deadlines",
      "raise yellow / red supervision (督办) for late steps and escalate red "
      "cases one rung up the ladder");
  AddCommonOptions(deadlines, d->common);
  deadlines->add_option("--at", d->at,
                        "as of this instant (2026-11-30T10:00:00Z or epoch "
                        "ms) instead of now");
  deadlines->add_option("--worker", d->worker,
                        "name recorded on the events (default host:pid)");
  deadlines->add_option("--batch", d->batch, "cases per transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  deadlines->callback([exit_code, d] {
    *exit_code = WithApp(d->common, [&](App& app) {
      std::optional<Millis> at;
      if (!d->at.empty()) {
        at = ParseInstant(d->at);
        if (!at) {
          std::cerr << "error: --at must look like 2026-11-30T10:00:00Z "
                       "(field: at)\n";
          return 2;
        }
      }
      const std::string worker =
          d->worker.empty() ? jobs::WorkerName() : d->worker;
      Result<service::DeadlineRun> run = [&] {
        if (!at) return jobs::RunDeadlinesOnce(app.cases(), worker, d->batch);
        // A case service of its own on a fixed clock.
        ManualClock clock(*at);
        service::CaseCatalog catalog(app.db(), clock, 0);
        service::CaseService cases(app.db(), clock, app.cipher(), app.audit(),
                                   catalog, app.locator(), false);
        return jobs::RunDeadlinesOnce(cases, worker, d->batch);
      }();
      if (!run) return ReportError(run.error());
      std::cout << "scanned " << run->scanned << ", yellow " << run->yellow
                << ", red " << run->red << ", escalated " << run->escalated
                << "\n";
      return 0;
    });
  });

  auto o = std::make_shared<CommonOptions>();
  auto* outbox =
      jobs->add_subcommand("outbox", "deliver the webhooks that are due");
  AddCommonOptions(outbox, *o);
  outbox->callback([exit_code, o] {
    *exit_code = WithApp(*o, [&](App& app) {
      auto n = jobs::RunOutboxOnce(app.webhooks(), jobs::WorkerName());
      if (!n) return ReportError(n.error());
      std::cout << "attempted " << *n << " deliveries\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
