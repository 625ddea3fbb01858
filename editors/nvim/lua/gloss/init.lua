-- gloss for Neovim: the `gloss lsp` language server for review drafts, and
-- :GlossCheck, which fills the quickfix list from `gloss check --format json`.
-- Works on Neovim 0.9 and later (vim.lsp.config/vim.lsp.enable on 0.11+,
-- vim.lsp.start from a FileType autocommand before). See :help gloss.

local M = {}

local defaults = {
  cmd = { "gloss", "lsp" },
  filetypes = { "markdown", "quarto", "rmd" },
  root_markers = { "gloss.toml", ".git" },
  -- Sent as initializationOptions and answered for workspace/configuration
  -- section "gloss": corpus, bibliography, severity, debounce, inlayHints, model,
  -- maxDocumentSize, allowOutside, allowBroadCorpus.
  settings = {},
  on_attach = nil,
  -- Client capabilities: a table merged into Neovim's own, or a function
  -- that receives Neovim's and returns the ones to send.
  capabilities = nil,
  -- The command :GlossCheck runs, before "--format json" and the files;
  -- nil means cmd with its trailing "lsp" replaced by "check".
  check_cmd = nil,
  -- Start the client with vim.lsp.start from a FileType autocommand even
  -- where vim.lsp.config exists (as on Neovim 0.9 and 0.10).
  legacy_start = false,
}

M.config = vim.deepcopy(defaults)

local has_config_api = vim.lsp.config ~= nil and type(vim.lsp.enable) == "function"

local function notify(msg, level)
  vim.notify("gloss: " .. msg, level or vim.log.levels.INFO)
end

local function buf_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  return vim.fn.fnamemodify(name, ":p")
end

--- The project root of a path: the nearest folder above it holding one of
--- the root markers, else the path's own folder (or the working directory).
function M.root(path)
  path = path or vim.fn.getcwd()
  local start = vim.fn.isdirectory(path) == 1 and path or vim.fn.fnamemodify(path, ":h")
  local found = vim.fs.find(M.config.root_markers, { upward = true, path = start, limit = 1 })[1]
  if found then
    return vim.fn.fnamemodify(found, ":h")
  end
  return start
end

local function enable_inlay_hints(client, bufnr)
  if M.config.settings.inlayHints == false then
    return
  end
  if not (vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable) then
    return
  end
  if not (client.server_capabilities or {}).inlayHintProvider then
    return
  end
  pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
end

local function on_attach(client, bufnr)
  enable_inlay_hints(client, bufnr)
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function capabilities()
  local caps = vim.lsp.protocol.make_client_capabilities()
  local extra = M.config.capabilities
  if type(extra) == "function" then
    caps = extra(caps) or caps
  elseif type(extra) == "table" then
    caps = vim.tbl_deep_extend("force", caps, extra)
  end
  return caps
end

--- The client configuration for a buffer (used by vim.lsp.start on 0.9-0.10).
function M.client_config(bufnr)
  local path = buf_path(bufnr)
  return {
    name = "gloss",
    cmd = M.config.cmd,
    root_dir = M.root(path),
    init_options = M.config.settings,
    settings = { gloss = M.config.settings },
    capabilities = capabilities(),
    on_attach = on_attach,
  }
end

local augroup = vim.api.nvim_create_augroup("gloss", { clear = true })

local function setup_lsp()
  local cfg = M.config
  if has_config_api and not cfg.legacy_start then
    vim.lsp.config("gloss", {
      cmd = cfg.cmd,
      filetypes = cfg.filetypes,
      root_markers = cfg.root_markers,
      -- Always give the server a folder: the marker's, else the draft's own.
      root_dir = function(bufnr, on_dir)
        local path = buf_path(bufnr)
        if path then
          on_dir(M.root(path))
        end
      end,
      init_options = cfg.settings,
      settings = { gloss = cfg.settings },
      capabilities = capabilities(),
      on_attach = on_attach,
    })
    vim.lsp.enable("gloss")
    return
  end
  local function start(bufnr)
    if not buf_path(bufnr) then
      return
    end
    vim.lsp.start(M.client_config(bufnr), { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = augroup,
    pattern = cfg.filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(cfg.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

-- :GlossCheck ---------------------------------------------------------------

local qf_type = { error = "E", warning = "W", info = "I", information = "I", hint = "N" }

-- The text of a line of a file: from its buffer when loaded, else from disk.
local function line_reader()
  local cache = {}
  return function(path, lnum)
    local lines = cache[path]
    if not lines then
      local bufnr = vim.fn.bufnr(path)
      if bufnr > 0 and vim.api.nvim_buf_is_loaded(bufnr) then
        lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
      elseif vim.fn.filereadable(path) == 1 then
        lines = vim.fn.readfile(path)
      else
        lines = {}
      end
      cache[path] = lines
    end
    return lines[lnum] or ""
  end
end

-- A 1-based column in Unicode scalar values to a 1-based byte column.
local function byte_col(text, col)
  if not col or col <= 1 then
    return 1
  end
  -- byteidxcomp counts composing characters separately, as scalar values do.
  local b = vim.fn.byteidxcomp(text, col - 1)
  if b < 0 then
    return #text + 1
  end
  return b + 1
end

--- Quickfix items from a `gloss check --format json` report. Relative paths
--- are taken from `cwd`.
function M.qf_items(report, cwd)
  local items = {}
  local read = line_reader()
  for _, file in ipairs(report.files or {}) do
    local path = file.path
    if not path:match("^/") and not path:match("^%a:[/\\]") then
      path = vim.fs.normalize(cwd .. "/" .. path)
    end
    for _, d in ipairs(file.diagnostics or {}) do
      local s = d.range and d.range.start or { line = 1, column = 1 }
      local e = d.range and d.range["end"] or s
      local msg = (d.message or ""):gsub("%s*\n%s*", " ")
      table.insert(items, {
        filename = path,
        lnum = s.line,
        col = byte_col(read(path, s.line), s.column),
        end_lnum = e.line,
        end_col = byte_col(read(path, e.line), e.column),
        type = qf_type[d.severity] or "W",
        text = string.format("[%s] %s", d.code, msg),
        user_data = d,
      })
    end
  end
  return items
end

local draft_ext = { md = true, markdown = true, qmd = true, rmd = true }

-- The drafts of the project around the working directory: every Markdown,
-- Quarto or R Markdown file under the root, outside hidden folders, target/,
-- node_modules/ and the corpus folder (from the settings, else gloss.toml).
local function toml_corpus(root)
  if vim.fn.filereadable(root .. "/gloss.toml") == 0 then
    return nil
  end
  for _, line in ipairs(vim.fn.readfile(root .. "/gloss.toml")) do
    local v = line:match("^%s*corpus%s*=%s*[\"']([^\"']+)[\"']")
    if v then
      return v
    end
  end
end

function M.project_files(root)
  local corpus = M.config.settings.corpus or toml_corpus(root)
  if corpus and not corpus:match("^/") then
    corpus = vim.fs.normalize(root .. "/" .. corpus)
  end
  local out = {}
  for name, kind in vim.fs.dir(root, {
    depth = 20,
    skip = function(dir)
      local base = vim.fs.basename(dir)
      if base:match("^%.") or base == "target" or base == "node_modules" then
        return false
      end
      return not (corpus and vim.fs.normalize(root .. "/" .. dir) == corpus)
    end,
  }) do
    local ext = name:match("%.(%w+)$")
    if kind == "file" and ext and draft_ext[ext:lower()] then
      table.insert(out, root .. "/" .. name)
    end
  end
  table.sort(out)
  return out
end

local function expand_args(args)
  local files = {}
  for _, a in ipairs(args) do
    if a:match("^[%%#<]") then
      a = vim.fn.expand(a)
    end
    if a:match("[*?%[]") then
      vim.list_extend(files, vim.fn.glob(a, false, true))
    elseif a ~= "" then
      table.insert(files, a)
    end
  end
  return files
end

local function run(cmd, cwd, on_exit)
  if vim.system then
    local ok, err = pcall(vim.system, cmd, { cwd = cwd, text = true }, function(r)
      vim.schedule(function()
        on_exit(r.code, r.stdout or "", r.stderr or "")
      end)
    end)
    if not ok then
      on_exit(-1, "", tostring(err))
    end
    return
  end
  local out, err = {}, {}
  local id = vim.fn.jobstart(cmd, {
    cwd = cwd,
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      out = data
    end,
    on_stderr = function(_, data)
      err = data
    end,
    on_exit = function(_, code)
      on_exit(code, table.concat(out, "\n"), table.concat(err, "\n"))
    end,
  })
  if id <= 0 then
    on_exit(-1, "", "cannot run " .. tostring(cmd[1]))
  end
end

--- Run `gloss check --format json` asynchronously on `files` (the current
--- draft when empty, or the project's drafts when there is none) and fill the
--- quickfix list. opts: `open` (default true) opens the list; `on_done(items,
--- report)` is called afterwards. The User autocommand GlossCheckDone fires too.
function M.check(files, opts)
  opts = opts or {}
  files = expand_args(files or {})
  local cwd = vim.fn.getcwd()
  if #files == 0 then
    local cur = buf_path(vim.api.nvim_get_current_buf())
    if cur then
      files = { cur }
    else
      files = M.project_files(M.root(cwd))
    end
  end
  if #files == 0 then
    notify("no drafts to check", vim.log.levels.WARN)
    return
  end
  local cmd = M.config.check_cmd and vim.deepcopy(M.config.check_cmd)
  if not cmd then
    cmd = vim.deepcopy(M.config.cmd)
    if cmd[#cmd] == "lsp" then
      table.remove(cmd)
    end
    table.insert(cmd, "check")
  end
  vim.list_extend(cmd, { "--format", "json" })
  local corpus = M.config.settings.corpus
  if corpus then
    if not corpus:match("^/") then
      corpus = M.root(files[1]) .. "/" .. corpus
    end
    vim.list_extend(cmd, { "--corpus", corpus })
  end
  local bibs = M.config.settings.bibliography
  if type(bibs) == "string" then
    bibs = { bibs }
  end
  for _, b in ipairs(bibs or {}) do
    if not b:match("^/") then
      b = M.root(files[1]) .. "/" .. b
    end
    vim.list_extend(cmd, { "--bib", b })
  end
  for code, level in pairs(M.config.settings.severity or {}) do
    vim.list_extend(cmd, { "--severity", code .. "=" .. level })
  end
  vim.list_extend(cmd, files)
  run(cmd, cwd, function(code, stdout, stderr)
    local ok, report = pcall(vim.json.decode, stdout)
    if code < 0 or code > 1 or not ok or type(report) ~= "table" then
      notify("gloss check failed (exit " .. code .. "): " .. vim.trim(stderr), vim.log.levels.ERROR)
      if opts.on_done then
        opts.on_done(nil, nil)
      end
      return
    end
    local items = M.qf_items(report, cwd)
    vim.fn.setqflist({}, " ", { title = "gloss check", items = items })
    if opts.open ~= false then
      if #items > 0 then
        vim.cmd("botright copen")
      else
        vim.cmd("cclose")
        notify("no problems in " .. #files .. " file(s)")
      end
    end
    if opts.on_done then
      opts.on_done(items, report)
    end
    vim.api.nvim_exec_autocmds("User", { pattern = "GlossCheckDone", modeline = false })
  end)
end

--- Configure the plugin: start the language server for review drafts and
--- define :GlossCheck. Options: cmd, filetypes, root_markers, settings,
--- on_attach, capabilities (see :help gloss-setup).
function M.setup(opts)
  opts = opts or {}
  local cfg = vim.deepcopy(defaults)
  for k, v in pairs(opts) do
    cfg[k] = v
  end
  cfg.settings = cfg.settings or {}
  M.config = cfg
  vim.api.nvim_create_user_command("GlossCheck", function(c)
    M.check(c.fargs)
  end, { nargs = "*", complete = "file", desc = "gloss check into the quickfix list" })
  setup_lsp()
end

return M
