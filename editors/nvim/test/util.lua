-- Helpers for the headless Neovim tests of the gloss plugin.
local M = {}

local uv = vim.uv or vim.loop
local cleanup = {}

function M.log(msg)
  io.stderr:write("nvim-test: " .. msg .. "\n")
end

function M.done()
  for _, dir in ipairs(cleanup) do
    vim.fn.delete(dir, "rf")
  end
  for _, c in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or {}) do
    c:stop(true)
  end
  os.exit(0)
end

function M.fail(msg)
  io.stderr:write("nvim-test: FAIL: " .. msg .. "\n")
  for _, dir in ipairs(cleanup) do
    vim.fn.delete(dir, "rf")
  end
  os.exit(1)
end

function M.ok(cond, msg)
  if not cond then
    M.fail(msg)
  end
  return cond
end

function M.eq(got, want, what)
  if got ~= want then
    M.fail(string.format("%s: got %s, want %s", what, vim.inspect(got), vim.inspect(want)))
  end
end

function M.wait(ms, cond, msg)
  M.ok(vim.wait(ms, cond, 20), msg)
end

function M.now()
  return uv.hrtime()
end

function M.env(name)
  local v = os.getenv(name)
  M.ok(v ~= nil and v ~= "", "environment variable " .. name .. " is not set")
  return v
end

function M.defer_cleanup(dir)
  table.insert(cleanup, dir)
end

function M.copy(from, to)
  local data = vim.fn.readfile(from, "b")
  M.ok(vim.fn.writefile(data, to, "b") == 0, "cannot write " .. to)
end

-- editors/nvim, from this file's place in it.
function M.plugin_dir()
  local here = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(here, ":p:h:h")
end

function M.repo_dir()
  return vim.fn.fnamemodify(M.plugin_dir(), ":h:h")
end

function M.plugin_on_rtp()
  vim.opt.runtimepath:prepend(M.plugin_dir())
end

return M
