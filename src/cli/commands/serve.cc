// wangge serve: the HTTP server (API under /api, web app at /).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "cli/commands/commands.h"
#include "cli/version.h"
#include "http/api.h"
#include "http/server.h"
#include "http/worker_pool.h"
#include "jobs/deadline_job.h"
#include "jobs/outbox_job.h"
#include "jobs/scheduler.h"

namespace wangge::cli {

void AddServeCommand(CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand("serve", "serve the API and the web app");
  struct Options {
    CommonOptions common;
    http::ServerOptions server;
    std::string web_root;
    bool secure_cookie = false;
    int jobs_seconds = 30;
    int workers = 0;
  };
  auto o = std::make_shared<Options>();
  AddCommonOptions(cmd, o->common);
  cmd->add_option("--bind", o->server.bind, "address to listen on")
      ->capture_default_str();
  cmd->add_option("--port", o->server.port, "TCP port")->capture_default_str();
  cmd->add_option("--threads", o->server.threads,
                  "I/O threads (0: 1 per core, at least 2). A request "
                  "waiting for its group commit or for a worker holds no "
                  "I/O thread; more threads only switch more, and take CPU "
                  "from the group commit's writer")
      ->capture_default_str();
  cmd->add_option("--workers", o->workers,
                  "threads for handlers that wait on the database (0: 8 per "
                  "core, at least 16)")
      ->capture_default_str();
  cmd->add_option("--web", o->web_root,
                  "directory of the built web app (default: web/dist if it "
                  "exists)");
  cmd->add_flag("--secure-cookie", o->secure_cookie,
                "mark the session cookie Secure (when behind HTTPS)");
  cmd->add_option("--jobs-seconds", o->jobs_seconds,
                  "seconds between runs of the periodic jobs (deadline "
                  "supervision, webhook delivery); 0 turns them off")
      ->capture_default_str();
  cmd->callback([exit_code, o] {
    auto& server = o->server;
    const int threads = server.threads > 0
                            ? server.threads
                            : static_cast<int>(std::max(
                                  2u, std::thread::hardware_concurrency()));
    server.threads = threads;
    const int workers =
        o->workers > 0 ? o->workers
                       : static_cast<int>(std::max(
                             16u, 8 * std::thread::hardware_concurrency()));
    *exit_code = WithApp(
        o->common,
        [&](App& app) {
          std::filesystem::path web = o->web_root;
          if (web.empty() && std::filesystem::exists("web/dist/index.html"))
            web = "web/dist";
          http::ApiContext ctx{.db = app.db(),
                               .auth = app.auth(),
                               .areas = app.areas(),
                               .registry = app.registry(),
                               .imports = app.imports(),
                               .geo = app.geo(),
                               .audit = app.audit(),
                               .clock = app.clock(),
                               .version = kVersion,
                               .database = app.db().description(),
                               .secure_cookie = o->secure_cookie,
                               .web_root = web,
                               .attachments = app.attachments(),
                               .webhooks = app.webhooks(),
                               .cases = app.cases(),
                               .taxonomy = app.taxonomy(),
                               .enforcement = app.enforcement(),
                               .map_settings = app.map_settings(),
                               .feed = app.feed(),
                               .stats = app.stats()};
          http::Router router = http::BuildApiRouter(ctx);
          // Declared before the server, so destroyed after it; stopped
          // explicitly before that (see below).
          http::WorkerPool pool(workers);
          auto post = [&pool](std::function<void()> task) {
            pool.Post(std::move(task));
          };
          router.SetWorker(post);
          http::HttpServer srv(server, http::MakeAppHandler(ctx, router, post));
          if (auto started = srv.Start(); !started)
            return ReportError(started.error());
          http::InstallSignalStop(srv);
          // Periodic jobs: every process tries; leases and row locks make
          // sure each piece of work is done once.
          jobs::Scheduler scheduler;
          const std::string worker = jobs::WorkerName();
          if (o->jobs_seconds > 0) {
            scheduler.Add(
                "deadlines", std::chrono::seconds(o->jobs_seconds), [&] {
                  auto r = jobs::RunDeadlinesOnce(app.cases(), worker);
                  if (!r) spdlog::warn("deadline job: {}", r.error().message);
                });
            scheduler.Add(
                "outbox", std::chrono::seconds(std::min(o->jobs_seconds, 5)),
                [&] {
                  auto r = jobs::RunOutboxOnce(app.webhooks(), worker);
                  if (!r) spdlog::warn("outbox job: {}", r.error().message);
                });
          }
          scheduler.Start();
          spdlog::info("wangge {} serving http://{}:{} on {}", kVersion,
                       server.bind, srv.port(), app.db().description());
          srv.Run();
          // Answers still pending complete into the stopped server (which
          // drops them) before it is destroyed: first the handlers on the
          // pool, then the cases in the intake batch.
          pool.Stop();
          app.cases().StopBatching();
          scheduler.Stop();
          spdlog::info("stopped");
          return 0;
        },
        threads + workers + 2);
  });
}

}  // namespace wangge::cli
