-- Neovim's own LSP client (headless), driven by neovim.e2e.test.ts: opens one spec, waits for the server's
-- diagnostics, asks for a hover, completions and code actions at the positions the test names, and writes what
-- Neovim received as JSON. Written for Neovim 0.7 (Debian 12's), whose API is `vim.lsp.start_client`.
local request = vim.fn.json_decode(vim.env.SCANPLAN_NVIM_REQUEST)
vim.cmd('edit ' .. vim.fn.fnameescape(request.file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = 'scanplan', cmd = request.cmd, root_dir = request.root })
vim.lsp.buf_attach_client(bufnr, client_id)
local got = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local uri = vim.uri_from_bufnr(bufnr)
local function ask(method, params)
  local answers = vim.lsp.buf_request_sync(bufnr, method, params, 15000) or {}
  for _, answer in pairs(answers) do
    if answer.result ~= nil then return answer.result end
  end
  return vim.NIL
end
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message, code = lsp.code or d.code })
end
local lsp_diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(lsp_diagnostics, (d.user_data or {}).lsp) end
local result = {
  attached = got,
  diagnostics = diagnostics,
  hover = ask('textDocument/hover', { textDocument = { uri = uri }, position = request.hover }),
  completion = ask('textDocument/completion', { textDocument = { uri = uri }, position = request.completion }),
  actions = ask('textDocument/codeAction', { textDocument = { uri = uri }, range = { start = request.action, ['end'] = request.action }, context = { diagnostics = lsp_diagnostics } }),
}
vim.fn.writefile({ vim.fn.json_encode(result) }, request.out)
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
