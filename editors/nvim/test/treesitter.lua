-- The Neovim queries in editors/nvim/queries/gloss parse against the draft
-- grammar and highlight citations, with the parser registered the way
-- doc/gloss.txt tells (vim.treesitter.language.add/register; no nvim-treesitter).
--
--   GLOSS_PARSER=/tmp/gloss.so nvim --headless --clean -l editors/nvim/test/treesitter.lua
-- (GLOSS_PARSER: grammar/src/parser.c and scanner.c compiled into a shared library.)

local t = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/util.lua")

local parser = t.env("GLOSS_PARSER")
t.plugin_on_rtp()
local ok, err = pcall(vim.treesitter.language.add, "gloss", { path = parser })
t.ok(ok and err ~= false, "cannot load the gloss parser from " .. parser .. ": " .. tostring(err))
vim.treesitter.language.register("gloss", { "markdown", "quarto", "rmd" })

for _, name in ipairs({ "highlights", "injections" }) do
  local files = vim.treesitter.query.get_files("gloss", name)
  t.ok(#files > 0 and files[1]:find("editors/nvim/queries/gloss/", 1, true), name .. ".scm not found: " .. vim.inspect(files))
  local qok, q = pcall(vim.treesitter.query.get, "gloss", name)
  t.ok(qok and q ~= nil, name .. ".scm does not parse: " .. tostring(q))
end

vim.cmd("edit " .. vim.fn.fnameescape(t.repo_dir() .. "/examples/review.md"))
local buf = vim.api.nvim_get_current_buf()
vim.treesitter.start(buf) -- the language registered for markdown: gloss
local tree = vim.treesitter.get_parser(buf):parse()[1]
t.ok(not tree:root():has_error(), "review.md parses with errors")

-- The capture names at a character of the first line holding `needle`.
local function captures_at(needle, offset)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then
      local names = {}
      for _, c in ipairs(vim.treesitter.get_captures_at_pos(buf, i - 1, s - 1 + (offset or 0))) do
        names[c.capture] = true
      end
      return names
    end
  end
  t.fail(needle .. " not in review.md")
end

local key = captures_at("[@okafr2019]", 3)
t.ok(key["markup.link.label"] and key["nospell"], "citation key captures: " .. vim.inspect(key))
local cite = captures_at("[@okafr2019]", 0)
t.ok(cite["markup.link"], "citation captures: " .. vim.inspect(cite))
local heading = captures_at("# ", 2)
t.ok(heading["markup.heading"], "heading captures: " .. vim.inspect(heading))
local prose = captures_at("In Tamsworth, the mean", 3)
t.ok(prose["spell"] and not prose["nospell"], "prose captures: " .. vim.inspect(prose))
t.log("tree-sitter: queries parse; citations, keys, headings and prose highlighted as expected")
t.done()
