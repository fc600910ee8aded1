"""wrk runs on loopback: one Lua script per page (cookies, htmx header, rotating ids,
the send pool), a short warm-up, then a bounded measured run."""
import json
import os
import subprocess

DONE = r'''
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\nBENCH {"requests": %d, "duration_us": %d, "p50_us": %d, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
'''

ROTATE = r'''
local paths = {%(paths)s}
local counter = 0
wrk.headers["Cookie"] = "%(cookie)s"
%(headers)s
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
threads = {}
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter + id * 7) %% #paths + 1])
end
'''

# Each thread takes every n-th file of the pool and sends it to the other desk; once it
# has sent all its files it sends them back, and so on: every request moves a different
# file, and a file's next move is issued a whole round after its last one.
SEND = r'''
local files = {%(files)s}
local holders = {%(holders)s}
local cookies = {"%(cookie_a)s", "%(cookie_b)s"}
local tokens = {"%(token_a)s", "%(token_b)s"}
local posts = {%(post_a)d, %(post_b)d}
local nthreads = %(threads)d
local mine = {}
local counter = 0
threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args)
  for i = 1, #files do
    if (i - 1) %% nthreads == id then table.insert(mine, i) end
  end
  -- wrk calls request() once on its first thread to check the script, and never sends
  -- that request: let it take a turn of its own, or the thread's first file is skipped
  -- and sent from the wrong desk a round later (one 409 per run)
  if id == 0 then counter = -1 end
end
function request()
  local index = mine[counter %% #mine + 1]
  local round = math.floor(counter / #mine)
  counter = counter + 1
  local from = (holders[index] + round) %% 2 + 1
  local to = 3 - from
  local body = "csrf_token=" .. tokens[from] .. "&to_post=" .. posts[to] ..
    "&priority=normal&remarks=bench"
  return wrk.format("POST", "/files/" .. files[index] .. "/send",
    {["Cookie"] = cookies[from], ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
'''


def lua_list(values):
    return ", ".join(json.dumps(v) if isinstance(v, str) else str(v) for v in values)


def rotating_script(paths, cookie="", headers=None):
    lines = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
    return ROTATE % {"paths": lua_list(paths), "cookie": cookie, "headers": lines} + DONE


def send_script(files, holders, a, b, threads):
    return SEND % {"files": lua_list(files), "holders": lua_list(holders),
                   "cookie_a": a["cookie"], "cookie_b": b["cookie"],
                   "token_a": a["token"], "token_b": b["token"], "post_a": a["post"],
                   "post_b": b["post"], "threads": threads} + DONE


def run(port, script, workdir, name, duration, connections, threads, warmup=2):
    path = os.path.join(workdir, f"{name}.lua")
    with open(path, "w") as handle:
        handle.write(script)
    url = f"http://127.0.0.1:{port}/"
    base = ["wrk", f"-t{threads}", f"-c{connections}", "--timeout", "10s", "-s", path]
    if warmup:
        subprocess.run(base + [f"-d{warmup}s", url], capture_output=True, check=True)
    out = subprocess.run(base + [f"-d{duration}s", url], capture_output=True, text=True,
                         check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    result["load_average"] = round(os.getloadavg()[0], 1)  # others' work on the machine shows here
    seconds = result["duration_us"] / 1e6
    result["rps"] = round(result["requests"] / seconds, 1)
    for key in ("p50", "p90", "p99", "max"):
        result[f"{key}_ms"] = round(result.pop(f"{key}_us") / 1000, 2)
    return result
