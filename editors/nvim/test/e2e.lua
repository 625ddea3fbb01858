-- End-to-end test of the gloss plugin in a real Neovim, through Neovim's own
-- LSP client and the real `gloss lsp`.
--
--   GLOSS_BIN=target/debug/gloss GLOSS_SHARED=../shared \
--     nvim --headless --clean -l editors/nvim/test/e2e.lua
--
-- Works on a copy of ../shared/bench/dev/dev-01.md (a code action edits it).
-- Exits 0 on success, 1 with a message on the first failure.

local t = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/util.lua")

local bin = t.env("GLOSS_BIN")
local shared = t.env("GLOSS_SHARED")
local corpus = vim.fn.fnamemodify(shared .. "/corpus", ":p"):gsub("/$", "")
local draft_name = os.getenv("GLOSS_DRAFT") or "dev-01.md"

t.plugin_on_rtp()
vim.cmd("filetype plugin on")

-- A copy of the draft and the bibliography its front matter names.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
t.defer_cleanup(dir)
for _, f in ipairs({ draft_name, "references.bib" }) do
  t.copy(shared .. "/bench/dev/" .. f, dir .. "/" .. f)
end
local draft = dir .. "/" .. draft_name

-- The server pulls diagnostics only from clients that also accept
-- workspace/diagnostic/refresh (so that it can have them re-pulled after a
-- corpus or settings change). Neovim does not declare that, so by default
-- gloss pushes to Neovim; the pull run declares it to test pulling too.
-- GLOSS_NVIM_PUSH=1: Neovim as it is (pushed diagnostics).
-- GLOSS_NVIM_LEGACY=1: start the client with vim.lsp.start from a FileType
-- autocommand, the way the plugin does on Neovim 0.9 and 0.10.
local push = os.getenv("GLOSS_NVIM_PUSH") == "1"
local legacy = os.getenv("GLOSS_NVIM_LEGACY") == "1"
require("gloss").setup({
  legacy_start = legacy,
  cmd = { bin, "lsp" },
  settings = { corpus = corpus, debounce = 100 },
  capabilities = (not push) and function(caps)
    caps.workspace = caps.workspace or {}
    caps.workspace.diagnostics = { refreshSupport = true }
    return caps
  end or nil,
})

-- What `gloss check` says about the same draft: the expectation.
local r = vim.system({ bin, "check", "--format", "json", "--corpus", corpus, draft }, { text = true }):wait()
t.ok(r.code <= 1, "gloss check failed: exit " .. r.code .. ": " .. r.stderr)
local report = vim.json.decode(r.stdout)
local expected = {}
for _, d in ipairs(report.files[1].diagnostics) do
  expected[d.code .. ":" .. d.range.start.line] = true
end
t.ok(next(expected) ~= nil, "gloss check reported nothing")
t.log("gloss check: " .. vim.tbl_count(expected) .. " (code, line) pairs expected")

local start = t.now()
vim.cmd("edit " .. vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()
t.eq(vim.bo[buf].filetype, "markdown", "filetype of the draft")

local changes = 0 -- DiagnosticChanged events on the draft
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  buffer = buf,
  callback = function()
    changes = changes + 1
  end,
})

local client
t.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = "gloss" })[1]
  return client ~= nil and client.initialized
end, "the gloss client did not attach")
t.log(string.format(
  "client attached (%s): root %s, encoding %s, diagnostics %s",
  legacy and "vim.lsp.start" or "vim.lsp.enable",
  client.root_dir or client.config.root_dir or "?",
  client.offset_encoding,
  client.server_capabilities.diagnosticProvider and "pulled" or "pushed"
))
t.eq(client.root_dir or client.config.root_dir, dir, "root folder (no marker: the draft's own)")
t.eq(client.config.init_options.corpus, corpus, "initializationOptions")
t.eq(client.server_capabilities.diagnosticProvider == nil, push, "diagnostics pushed")

-- (1) Diagnostics: the same (code, line) pairs as gloss check.
local function got_pairs()
  local s = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    s[tostring(d.code) .. ":" .. (d.lnum + 1)] = true
  end
  return s
end
local function same(a, b)
  for k in pairs(a) do
    if not b[k] then
      return false
    end
  end
  for k in pairs(b) do
    if not a[k] then
      return false
    end
  end
  return true
end
local ok = vim.wait(60000, function()
  return same(got_pairs(), expected)
end, 50)
if not ok then
  local got = got_pairs()
  local missing, extra = {}, {}
  for k in pairs(expected) do
    if not got[k] then
      table.insert(missing, k)
    end
  end
  for k in pairs(got) do
    if not expected[k] then
      table.insert(extra, k)
    end
  end
  t.fail("diagnostics differ from gloss check; missing: " .. table.concat(missing, " ") .. "; extra: " .. table.concat(extra, " "))
end
local misattributed = vim.tbl_filter(function(d)
  return d.code == "misattributed-claim"
end, vim.diagnostic.get(buf))
t.ok(#misattributed > 0, "no misattributed-claim diagnostic")
t.ok(misattributed[1].source == "gloss" or misattributed[1].source == nil, "diagnostic source")
t.log(string.format(
  "(1) diagnostics: %d, as gloss check, %d misattributed-claim (%.1f s after :edit)",
  #vim.diagnostic.get(buf),
  #misattributed,
  (t.now() - start) / 1e9
))

local function request(method, params, timeout)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, timeout or 10000)
  t.ok(res ~= nil, method .. ": no answer (" .. tostring(err) .. ")")
  local r = res[client.id]
  t.ok(r ~= nil, method .. ": no answer from gloss")
  t.ok(r.err == nil, method .. ": error " .. vim.inspect(r.err))
  return r.result
end

-- Inlay hints: switched on by the plugin, and the server has some.
t.ok(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), "inlay hints not enabled")
local hints = request("textDocument/inlayHint", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
})
t.ok(hints and #hints > 0, "no inlay hints")
t.log("inlay hints: enabled, " .. #hints .. " in the draft")

-- (2) Completion after typing `[@zh` on a scratch line at the end.
local n = vim.api.nvim_buf_line_count(buf)
local scratch = "Scratch [@zh"
vim.api.nvim_buf_set_lines(buf, n, n, false, { "", scratch })
local result = request("textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = n + 1, character = #scratch },
  context = { triggerKind = 1 },
})
local items = result and (result.items or result) or {}
local found = vim.tbl_filter(function(it)
  local text = it.insertText or (it.textEdit and it.textEdit.newText) or it.label
  return it.label == "zhou2008synchronizing" or text == "zhou2008synchronizing"
end, items)
t.ok(#found > 0, "completion after [@zh lacks zhou2008synchronizing: " .. vim.inspect(vim.tbl_map(function(it)
  return it.label
end, items)))
vim.api.nvim_buf_set_lines(buf, n, n + 2, false, {})
local changes_at_edit = changes
t.log("(2) completion after [@zh: " .. #items .. " item(s), zhou2008synchronizing among them")

-- (3) Hover on a citation shows the work's title.
local cite = "[@zhou2008synchronizing]"
local lnum, col
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local s = line:find(cite, 1, true)
  if s then
    lnum, col = i - 1, s + 3 -- inside the key (ASCII line prefix assumed below)
    break
  end
end
t.ok(lnum ~= nil, "no " .. cite .. " in the draft")
local character = vim.lsp.util.character_offset
    and vim.lsp.util.character_offset(buf, lnum, col, client.offset_encoding)
  or col
local pos = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = lnum, character = character } }
local hover = request("textDocument/hover", pos)
t.ok(hover and hover.contents, "no hover on " .. cite)
local contents = hover.contents
local text = type(contents) == "string" and contents or contents.value or vim.inspect(contents)
local title = "Synchronizing Export Orientation with Import Substitution"
t.ok(text:find(title, 1, true), "hover lacks the title " .. title .. ":\n" .. text)
t.log("(3) hover on " .. cite .. " (line " .. (lnum + 1) .. ") names the work: " .. title)

-- (4) Go to definition: the evidence sentence in the corpus text.
local def = request("textDocument/definition", pos)
t.ok(def ~= nil, "no definition")
if def.uri or def.targetUri then
  def = { def }
end
local loc
for _, l in ipairs(def) do
  local uri = l.uri or l.targetUri
  if vim.uri_to_fname(uri):match("%.txt$") then
    loc = l
    break
  end
end
t.ok(loc ~= nil, "no definition in a corpus text: " .. vim.inspect(def))
local target = vim.uri_to_fname(loc.uri or loc.targetUri)
t.ok(vim.startswith(target, corpus .. "/"), "definition outside the corpus: " .. target)
if vim.lsp.util.show_document then
  vim.lsp.util.show_document(loc, client.offset_encoding, { focus = true })
else
  vim.lsp.util.jump_to_location(loc, client.offset_encoding)
end
local range = loc.targetSelectionRange or loc.range
t.eq(vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":p"), target, "buffer after the jump")
t.eq(vim.api.nvim_win_get_cursor(0)[1], range.start.line + 1, "cursor line after the jump")
t.ok(vim.trim(vim.api.nvim_get_current_line()) ~= "", "the evidence line is empty")
t.log(string.format(
  "(4) definition: %s:%d: %s",
  vim.fs.basename(target),
  range.start.line + 1,
  vim.api.nvim_get_current_line():sub(1, 70)
))

-- (5) The preferred quick fix of a misattributed-claim replaces the citation
-- and the diagnostic goes once the server has re-checked.
vim.cmd("buffer " .. buf) -- back to the draft: Neovim pulls only for visible buffers
-- The server offers quick fixes only from the diagnostics of the current
-- version of the draft: wait for the re-check after the scratch edit.
t.wait(10000, function()
  return changes > changes_at_edit
end, "no diagnostics after the scratch edit of (2)")
misattributed = vim.tbl_filter(function(x)
  return x.code == "misattributed-claim"
end, vim.diagnostic.get(buf))
local d = misattributed[1]
local lsp_diag = d.user_data and d.user_data.lsp
t.ok(lsp_diag ~= nil, "diagnostic without its LSP form")
-- Empty while a re-check is still pending (a stale DiagnosticChanged can
-- come first): ask again, for up to 5 s.
local actions, tries = {}, 0
local deadline = t.now() + 5e9
repeat
  tries = tries + 1
  actions = request("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { "quickfix" }, triggerKind = 1 },
  }) or {}
  if #actions == 0 then
    vim.wait(100)
  end
until #actions > 0 or t.now() > deadline
if tries > 1 then
  t.log("(5) code actions came on try " .. tries)
end
t.ok(actions and #actions > 0, "no code action on the misattributed-claim on line " .. (d.lnum + 1))
local fix
for _, a in ipairs(actions) do
  if a.isPreferred and a.kind == "quickfix" then
    fix = a
    break
  end
end
t.ok(fix ~= nil, "no preferred quick fix among " .. vim.inspect(vim.tbl_map(function(a)
  return a.title
end, actions)))
t.ok(fix.edit ~= nil, "the preferred quick fix has no edit: " .. vim.inspect(fix))
local before = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
local after = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
t.ok(after ~= before, "the quick fix did not change line " .. (d.lnum + 1))
local edit_start = t.now()
local gone = vim.wait(10000, function()
  if #vim.diagnostic.get(buf) == 0 then
    return false -- not re-checked yet (or cleared): the draft has other problems
  end
  for _, x in ipairs(vim.diagnostic.get(buf, { lnum = d.lnum })) do
    if x.code == "misattributed-claim" then
      return false
    end
  end
  return true
end, 50)
t.ok(gone, "misattributed-claim still on line " .. (d.lnum + 1) .. " 10 s after the fix: " .. after)
t.log(string.format(
  "(5) %q on line %d: diagnostic gone after %.2f s",
  fix.title,
  d.lnum + 1,
  (t.now() - edit_start) / 1e9
))

t.log(string.format("e2e: all passed (%.1f s)", (t.now() - start) / 1e9))
t.done()
