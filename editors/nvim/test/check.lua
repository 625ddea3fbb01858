-- :GlossCheck on examples/review.md fills the quickfix list with what
-- examples/EXPECTED.md lists, at byte columns.
--
--   GLOSS_BIN=target/debug/gloss nvim --headless --clean -l editors/nvim/test/check.lua

local t = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/util.lua")

local bin = t.env("GLOSS_BIN")
t.plugin_on_rtp()
local examples = t.repo_dir() .. "/examples"
vim.cmd("cd " .. vim.fn.fnameescape(examples))

local gloss = require("gloss")
-- No language server here: only the command. cmd is still what :GlossCheck
-- derives its own from.
gloss.setup({ cmd = { bin, "lsp" }, filetypes = { "gloss-test-none" } })
t.eq(vim.fn.exists(":GlossCheck"), 2, ":GlossCheck defined")

-- (line, code, type) from examples/EXPECTED.md.
local expected = {
  { 14, "secondary-citation", "I" },
  { 15, "unchecked-claim", "N" },
  { 15, "missing-reference", "W" },
  { 16, "unchecked-claim", "N" },
  { 17, "unknown-citation", "E" },
  { 25, "citation-year-mismatch", "E" },
  { 26, "figure-mismatch", "W" },
  { 29, "quote-not-found", "E" },
  { 36, "misattributed-claim", "W" },
  { 40, "unchecked-claim", "N" },
  { 41, "ambiguous-citation", "W" },
  { 46, "unknown-citation", "E" },
  { 59, "uncited-reference", "I" },
}

local function run_check(args)
  local done = false
  vim.api.nvim_create_autocmd("User", {
    pattern = "GlossCheckDone",
    once = true,
    callback = function()
      done = true
    end,
  })
  vim.cmd("GlossCheck " .. args)
  t.wait(30000, function()
    return done
  end, ":GlossCheck " .. args .. " did not finish")
  return vim.fn.getqflist()
end

-- The current file (the default).
vim.cmd("edit review.md")
local start = t.now()
local qf = run_check("")
t.log(string.format(":GlossCheck: %d quickfix entries in %.2f s", #qf, (t.now() - start) / 1e9))
t.eq(#qf, #expected, "number of quickfix entries")
local review = vim.fn.fnamemodify("review.md", ":p")
local lines = vim.fn.readfile(review)
local report = vim.json.decode(vim.system({ bin, "check", "--format", "json", "review.md" }, { text = true }):wait().stdout)
local by_pos = {}
for _, d in ipairs(report.files[1].diagnostics) do
  by_pos[d.code .. ":" .. d.range.start.line] = d
end
for i, want in ipairs(expected) do
  local item = qf[i]
  local lnum, code, typ = want[1], want[2], want[3]
  t.eq(vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ":p"), review, "entry " .. i .. " file")
  t.eq(item.lnum, lnum, "entry " .. i .. " line")
  t.eq(item.type, typ, "entry " .. i .. " type (" .. code .. ")")
  t.ok(vim.startswith(item.text, "[" .. code .. "] "), "entry " .. i .. " text: " .. item.text)
  -- The quickfix column is a byte column; JSON counts Unicode scalar values.
  local d = by_pos[code .. ":" .. lnum]
  t.ok(d ~= nil, "gloss check has no " .. code .. " on line " .. lnum)
  local prefix = vim.fn.strcharpart(lines[lnum], 0, d.range.start.column - 1)
  t.eq(item.col, #prefix + 1, "entry " .. i .. " byte column (JSON column " .. d.range.start.column .. ")")
end
-- Line 14 has "°C" before the citation: bytes and characters differ there.
t.ok(qf[1].col > by_pos["secondary-citation:14"].range.start.column, "line 14 column not converted to bytes")
t.eq(vim.fn.getqflist({ title = 1 }).title, "gloss check", "quickfix title")
t.ok(vim.bo[vim.api.nvim_get_current_buf()].buftype == "quickfix", "the quickfix window is open")
t.log(":GlossCheck on review.md: all " .. #expected .. " entries as EXPECTED.md, byte columns right")

-- Given files, and `%`.
vim.cmd("wincmd p")
qf = run_check("%")
t.eq(#qf, #expected, ":GlossCheck % entries")
qf = run_check("review.md")
t.eq(#qf, #expected, ":GlossCheck review.md entries")

-- No file in the current buffer: the project's drafts (the corpus left out).
vim.cmd("cclose | enew")
local files = gloss.project_files(examples)
for _, f in ipairs(files) do
  t.ok(not f:find("/corpus/", 1, true), "project files include the corpus: " .. f)
end
t.ok(vim.tbl_contains(files, examples .. "/review.md"), "project files lack review.md: " .. vim.inspect(files))
qf = run_check("")
local seen = {}
for _, item in ipairs(qf) do
  seen[vim.fs.basename(vim.fn.bufname(item.bufnr))] = true
end
t.ok(seen["review.md"], ":GlossCheck without a file did not check review.md")
t.log(":GlossCheck without a file checked " .. #files .. " draft(s): " .. #qf .. " entries")

-- A failing command is reported, not thrown.
gloss.config.check_cmd = { bin .. "-missing", "check" }
local notified
vim.notify = function(msg, level)
  notified = { msg = msg, level = level }
end
local done = false
gloss.check({ "review.md" }, {
  open = false,
  on_done = function(items)
    done = true
    t.ok(items == nil, "a missing binary gave items")
  end,
})
t.wait(5000, function()
  return done
end, "a missing binary did not finish the check")
t.ok(notified and notified.level == vim.log.levels.ERROR, "a missing binary was not reported")
t.ok(notified.msg:find("gloss check failed", 1, true), "message: " .. notified.msg)
t.log(":GlossCheck with a missing binary: reported (" .. notified.msg:sub(1, 40) .. "…)")

t.done()
