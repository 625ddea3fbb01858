; Injections for review drafts (the gloss grammar in grammar/), for Neovim.
; Same as grammar/queries/injections.scm.

; The front matter is YAML.
((front_matter
  (yaml) @injection.content)
  (#set! injection.language "yaml"))

; Fenced code in the language its info string names is left to the host
; editor: the fence node carries the info string.
