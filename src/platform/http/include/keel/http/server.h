#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "keel/core/clock.h"
#include "keel/core/limits.h"
#include "keel/core/result.h"
#include "keel/http/router.h"
#include "keel/http/security.h"

namespace keel::db {
class Database;
}

namespace keel::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port (see Server::start)
  int io_threads = 2;         // sockets and parsing only; never database work
  int worker_threads = 4;     // run the Dispatcher (handlers and their transactions)
  // Static files of the browser app. Served for GET paths outside /api, never outside this
  // directory; a path without a dot that names no file gets index.html (single-page app
  // routing). Empty: no static files.
  std::string web_dir;
  // How long shutdown waits for in-flight requests to be answered.
  int drain_timeout_s = limits::kShutdownDrainS;
  // Whether run() stops on SIGTERM and SIGINT. Tests that start several servers turn it off.
  bool handle_signals = true;
};

// The HTTP server (RESTinio on standalone asio). GET /healthz answers {"status":"ok"} on the
// I/O thread without the database; paths under /api go to a Dispatcher on the worker pool;
// other GET paths are static files. Requests over the header, URL or transport body limits
// (limits.h) are refused by the transport; timeouts are limits::kRequestTimeoutS.
//
// Shutdown (SIGTERM, SIGINT or request_stop()): the listening socket is closed, requests
// still arriving on open connections get 503 server_shutting_down, requests in flight run to
// completion and are answered (for at most drain_timeout_s), then run() returns. A handler
// that commits always finishes its transaction: worker threads are joined, never abandoned.
class Server {
 public:
  // All references must outlive the server.
  Server(const Router& router, db::Database& database, Authenticator& authenticator,
         const Clock& clock, ServerOptions options);
  ~Server();  // stops and drains if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads without blocking; returns the bound port (useful with port
  // 0). Calling it again returns the same port. Errors: server_listen_failed (internal).
  Result<std::uint16_t> start();
  // Calls start() if needed, blocks until a stop is requested, then drains and returns.
  // Errors: those of start().
  Result<void> run();
  // Asks run() to stop; callable from any thread, any number of times.
  void request_stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace keel::http
