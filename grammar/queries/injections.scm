; The front matter is YAML.
((front_matter
  (yaml) @injection.content)
  (#set! injection.language "yaml"))

; Fenced code in the language its info string names is left to the host
; editor: the fence node carries the info string.
