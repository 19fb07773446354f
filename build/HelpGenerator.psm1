#Requires -Version 7.2
<#
Generates PowerShell help for a binary module from markdown, without platyPS.

  docs/help/<Verb-Noun>.md   prose of one cmdlet (synopsis, description, examples, parameter descriptions,
                             inputs, outputs, notes, links); the layout is described in docs/help/README.md.
  docs/help/about_<Topic>.md a conceptual topic.

Everything about syntax (parameter types, parameter sets, positions, mandatory, pipeline input, aliases,
wildcards, default values, -WhatIf/-Confirm) is read from the compiled cmdlets themselves, so it cannot drift
from the markdown. Export-ModuleHelp writes <module>/en-US/<RootModule>-Help.xml (MAML) and
<module>/en-US/about_<Topic>.help.txt, and throws, naming every cmdlet and parameter concerned, when help is
missing or names something the cmdlet does not have.
#>
Set-StrictMode -Version Latest

$script:SectionOrder = @('SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:RequiredSections = @('SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'INPUTS', 'OUTPUTS')
$script:AllParameterSets = '__AllParameterSets'
$script:ShouldProcessParameters = [ordered]@{
    WhatIf  = @{ Aliases = @('wi'); Description = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
    Confirm = @{ Aliases = @('cf'); Description = 'Prompts you for confirmation before running the cmdlet.' }
}
$script:NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$script:NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$script:NsMSHelp = 'http://msdn.microsoft.com/mshelp'

#region markdown

# A fenced code block (its body may be empty) or a heading outside one.
$script:HeadingOrFence = [regex]::new('^[ ]{0,3}(?<fence>`{3,}|~{3,})[^\n]*\n(?s:.*?)^[ ]{0,3}\k<fence>[ \t]*$|^(?<hashes>#{1,3})[ \t]+(?<title>[^\n]+?)[ \t]*#*[ \t]*$', 'Multiline')
$script:FenceBlock = [regex]::new('^(?<indent>[ ]{0,3})(?<fence>`{3,}|~{3,})[ \t]*(?<lang>[^\s`]*)[^\n]*\n(?<body>(?s:.*?))^[ ]{0,3}\k<fence>[ \t]*$', 'Multiline')
$script:FenceLine = [regex]::new('^[ ]{0,3}(`{3,}|~{3,})', 'Multiline')
$script:NotPlainParagraph = [regex]::new('^[ ]{0,3}([-*+]|\d+[.)])[ \t]|^[ ]{0,3}\|', 'Multiline')
$script:ListItem = [regex]::new('^[ ]{0,3}(?<marker>[-*+]|\d+[.)])[ \t]+(?<text>.*)$')
$script:BlankLines = [regex]::new('\n[ \t]*\n')

function Split-MarkdownDocument {
    # Splits markdown into a title (# ...), sections (## ...) and their subsections (### ...), each with the text
    # under its heading and the heading's line number. Headings inside fenced code blocks are code, not headings.
    param([string] $Text)
    $Text = $Text.Replace("`r`n", "`n").Replace("`r", "`n")
    $doc = [pscustomobject]@{ Title = $null; TitleLine = 0; Sections = [System.Collections.Generic.List[object]]::new(); Problems = [System.Collections.Generic.List[string]]::new() }
    # YAML front matter (as platyPS writes it) is skipped.
    $front = [regex]::Match($Text, '\A---[ \t]*\n(?s:.*?)\n---[ \t]*(\n|\z)')
    $offset = if ($front.Success) { $front.Length } else { 0 }

    $fenced = 0
    $headings = [System.Collections.Generic.List[System.Text.RegularExpressions.Match]]::new()
    foreach ($m in $script:HeadingOrFence.Matches($Text, $offset)) {
        if ($m.Groups['fence'].Success) { $fenced += 2 } else { $headings.Add($m) }
    }
    $section = $null
    for ($k = 0; $k -lt $headings.Count; $k++) {
        $m = $headings[$k]
        $start = $m.Index + $m.Length
        $end = if ($k + 1 -lt $headings.Count) { $headings[$k + 1].Index } else { $Text.Length }
        $content = $Text.Substring($start, $end - $start)
        $level = $m.Groups['hashes'].Value.Length
        $title = $m.Groups['title'].Value.Trim()
        $line = $Text.Substring(0, $m.Index).Split("`n").Length
        if ($level -eq 1) {
            if ($doc.Title) { $doc.Problems.Add("line ${line}: a second title '# $title'") }
            else { $doc.Title = $title; $doc.TitleLine = $line }
            $section = $null
        } elseif ($level -eq 2) {
            $section = [pscustomobject]@{ Name = $title; Line = $line; Text = $content; Subsections = [System.Collections.Generic.List[object]]::new() }
            $doc.Sections.Add($section)
        } elseif (-not $section) {
            $doc.Problems.Add("line ${line}: '### $title' is not inside a '## ' section")
        } else {
            $section.Subsections.Add([pscustomobject]@{ Name = $title; Line = $line; Text = $content })
        }
    }
    $fenceLines = $script:FenceLine.Matches($Text, $offset)
    if ($fenceLines.Count -gt $fenced) {
        $last = $fenceLines[$fenceLines.Count - 1].Index
        $doc.Problems.Add("a code block is never closed (the fence lines do not pair up; see line $($Text.Substring(0, $last).Split("`n").Length))")
    }
    $doc
}

function New-Block([string] $Kind, [string] $Text, [string] $Marker, [string] $Language, [object[]] $Rows) {
    [pscustomobject]@{ Kind = $Kind; Text = $Text; Marker = $Marker; Language = $Language; Rows = $Rows }
}

function ConvertTo-MarkdownBlock {
    # Markdown text -> blocks: Paragraph (soft line breaks joined), ListItem, Code (verbatim) and Table (rows of
    # cells; the |---| separator row dropped).
    param([string] $Text)
    $Text = $Text.Replace("`r`n", "`n")
    $blocks = [System.Collections.Generic.List[object]]::new()
    $pos = 0
    foreach ($m in $script:FenceBlock.Matches($Text)) {
        Add-TextBlock $blocks $Text.Substring($pos, $m.Index - $pos)
        $indent = $m.Groups['indent'].Value.Length
        $body = $m.Groups['body'].Value.TrimEnd("`n")
        $lines = foreach ($l in $body.Split("`n")) { ($l -replace "^[ ]{0,$indent}", '').TrimEnd() }
        $blocks.Add((New-Block 'Code' (@($lines) -join "`n") $null $m.Groups['lang'].Value $null))
        $pos = $m.Index + $m.Length
    }
    Add-TextBlock $blocks $Text.Substring($pos)
    $blocks.ToArray()
}

function Add-TextBlock {
    # Text without code blocks -> paragraphs, list items and tables.
    param([System.Collections.Generic.List[object]] $Blocks, [string] $Text)
    foreach ($chunk in $script:BlankLines.Split($Text)) {
        $chunk = $chunk.Trim("`n", ' ', "`t")
        if (-not $chunk) { continue }
        if (-not $script:NotPlainParagraph.IsMatch($chunk)) {
            # The usual case: one paragraph.
            $Blocks.Add((New-Block 'Paragraph' ($chunk -replace '[ \t]*\n[ \t]*', ' ') $null $null $null))
            continue
        }
        $para = [System.Collections.Generic.List[string]]::new()
        $item = $null
        $rows = $null
        foreach ($line in $chunk.Split("`n")) {
            if ($line -match '^[ ]{0,3}\|') {
                if ($para.Count) { $Blocks.Add((New-Block 'Paragraph' ($para -join ' ') $null $null $null)); $para.Clear() }
                if ($item) { $Blocks.Add($item); $item = $null }
                if ($null -eq $rows) { $rows = [System.Collections.Generic.List[object]]::new() }
                $row = $line.Trim().Trim('|')
                if ($row -notmatch '^[\s|:-]+$') {
                    $rows.Add([string[]] @(foreach ($cell in ($row -split '(?<!\\)\|')) { $cell.Trim().Replace('\|', '|') }))
                }
                continue
            }
            if ($null -ne $rows) { $Blocks.Add((New-Block 'Table' $null $null $null $rows.ToArray())); $rows = $null }
            $li = $script:ListItem.Match($line)
            if ($li.Success) {
                if ($para.Count) { $Blocks.Add((New-Block 'Paragraph' ($para -join ' ') $null $null $null)); $para.Clear() }
                if ($item) { $Blocks.Add($item) }
                $item = New-Block 'ListItem' $li.Groups['text'].Value.Trim() $li.Groups['marker'].Value $null $null
            } elseif ($item -and $line -match '^\s+\S') {
                $item.Text += ' ' + $line.Trim()
            } else {
                if ($item) { $Blocks.Add($item); $item = $null }
                $para.Add($line.Trim())
            }
        }
        if ($null -ne $rows) { $Blocks.Add((New-Block 'Table' $null $null $null $rows.ToArray())) }
        if ($para.Count) { $Blocks.Add((New-Block 'Paragraph' ($para -join ' ') $null $null $null)) }
        if ($item) { $Blocks.Add($item) }
    }
}

function ConvertFrom-MarkdownInline {
    # Inline markdown -> plain text: `code` and **bold** lose their marks, [text](https://...) becomes
    # "text (https://...)", [text](anything else) just "text"; backslash escapes are resolved.
    param([string] $Text)
    if ($Text.IndexOfAny([char[]] '[`*\') -lt 0) { return $Text }
    $t = $Text -replace '\[([a-z]+://[^\]\s]+)\]\(\1\)', '$1'
    $t = $t -replace '\[([^\]]+)\]\(([a-z]+://[^)\s]+)\)', '$1 ($2)'
    $t = $t -replace '\[([^\]]+)\]\([^)\s]*\)', '$1'
    $t = $t -replace '(`+)\s?(.+?)\s?\1', '$2'
    $t = $t -replace '\*\*(.+?)\*\*', '$1'
    $t -replace '\\([\\`*_{}\[\]()#+\-.!|<>])', '$1'
}

function Get-BlockText {
    # A block as plain text: paragraphs and list items as one line, code and tables as several lines.
    param([object] $Block)
    switch ($Block.Kind) {
        'Paragraph' { ConvertFrom-MarkdownInline $Block.Text }
        'ListItem' {
            $marker = if ($Block.Marker -match '^\d') { $Block.Marker } else { '-' }
            "$marker $(ConvertFrom-MarkdownInline $Block.Text)"
        }
        'Code' { $Block.Text }
        'Table' { (Format-TextTable -Rows $Block.Rows -Width 0) -join "`n" }
    }
}

function Get-Paragraphs {
    # Section content -> a list of plain-text paragraphs (one MAML para each).
    param([string] $Text)
    $result = [System.Collections.Generic.List[string]]::new()
    foreach ($b in (ConvertTo-MarkdownBlock $Text)) {
        $t = Get-BlockText $b
        if ($t -and $t.Trim()) { $result.Add($t) }
    }
    , $result.ToArray()
}

function Format-TextTable {
    # Table rows (first row = header) as aligned text lines. With -Width > 0 the last column wraps so that lines
    # stay within Width (continuation lines start under that column); when that leaves it too narrow, each row's
    # last column goes on lines of its own below the other columns instead.
    param([object[]] $Rows, [int] $Width = 0, [int] $Indent = 0)
    if (-not $Rows -or $Rows.Count -eq 0) { return @() }
    $cols = 0
    foreach ($r in $Rows) { if (@($r).Count -gt $cols) { $cols = @($r).Count } }
    $cells = [System.Collections.Generic.List[string[]]]::new()
    foreach ($r in $Rows) {
        $row = [string[]]::new($cols)
        for ($c = 0; $c -lt $cols; $c++) { $row[$c] = if ($c -lt @($r).Count) { ConvertFrom-MarkdownInline ([string] @($r)[$c]) } else { '' } }
        $cells.Add($row)
    }
    $widths = [int[]]::new($cols)
    foreach ($row in $cells) { for ($c = 0; $c -lt $cols; $c++) { if ($row[$c].Length -gt $widths[$c]) { $widths[$c] = $row[$c].Length } } }
    $pad = ' ' * $Indent
    $lastStart = $Indent
    for ($c = 0; $c -lt $cols - 1; $c++) { $lastStart += $widths[$c] + 2 }
    $room = if ($Width -gt 0) { $Width - $lastStart } else { [int]::MaxValue }
    $stacked = $cols -gt 1 -and $room -lt 30
    if ($stacked) { $room = $Width - $Indent - 4 }
    $out = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $cells.Count; $i++) {
        $row = $cells[$i]
        $head = ''
        for ($c = 0; $c -lt $cols - 1; $c++) { $head += $row[$c].PadRight($widths[$c]) + '  ' }
        $last = $row[$cols - 1]
        $wrapped = @(if ($room -lt [int]::MaxValue) { Split-TextToWidth -Text $last -Width $room } else { $last })
        if ($wrapped.Count -eq 0) { $wrapped = @('') }
        if ($stacked -and $i -eq 0) {
            $out.Add(($pad + $head + $last).TrimEnd())
        } elseif ($stacked) {
            $out.Add(($pad + $head).TrimEnd())
            foreach ($l in $wrapped) { $out.Add($pad + '    ' + $l) }
        } else {
            $out.Add(($pad + $head + $wrapped[0]).TrimEnd())
            for ($k = 1; $k -lt $wrapped.Count; $k++) { $out.Add((' ' * $lastStart) + $wrapped[$k]) }
        }
        if ($i -eq 0 -and $cells.Count -gt 1) {
            $rule = ''
            for ($c = 0; $c -lt $cols; $c++) {
                $w = if ($c -eq $cols - 1 -and -not $stacked) { [Math]::Min($widths[$c], $room) } elseif ($c -eq $cols - 1) { 0 } else { $widths[$c] }
                if ($w -gt 0) { $rule += ('-' * $w) + '  ' }
            }
            $out.Add($pad + $rule.TrimEnd())
        }
    }
    $out.ToArray()
}

function Split-TextToWidth {
    # Word-wraps one line of text into lines of at most Width characters (a longer word gets a line of its own).
    param([string] $Text, [int] $Width)
    $lines = [System.Collections.Generic.List[string]]::new()
    $current = ''
    foreach ($word in $Text.Split([char[]] " `t`r`n", [System.StringSplitOptions]::RemoveEmptyEntries)) {
        if ($current.Length -eq 0) { $current = $word }
        elseif ($current.Length + 1 + $word.Length -le $Width) { $current += ' ' + $word }
        else { $lines.Add($current); $current = $word }
    }
    if ($current.Length) { $lines.Add($current) }
    $lines.ToArray()
}

function Get-DisplayPath([string] $Path) {
    if (-not $Path) { return '(markdown)' }
    $full = [System.IO.Path]::GetFullPath($Path)
    $here = (Get-Location).ProviderPath
    $relative = [System.IO.Path]::GetRelativePath($here, $full)
    if ($relative.StartsWith('..')) { $full } else { $relative -replace '\\', '/' }
}

function ConvertFrom-HelpMarkdown {
    <#
    .SYNOPSIS
    Parses the markdown help of one cmdlet into an object with its prose.
    .DESCRIPTION
    Returns Name, Synopsis, Description, Examples (Title, Code, Remarks), Parameters (name -> paragraphs),
    Inputs and Outputs (Type, Description), Notes, RelatedLinks (Text, Uri), Path and Problems: the layout
    mistakes found (missing or unknown sections, examples without code, ...). Problems name the file and line.
    Whether the parameters match the cmdlet is checked by Test-CommandHelp.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Path')] [string] $Path,
        [Parameter(Mandatory, ParameterSetName = 'Text')] [AllowEmptyString()] [string] $Markdown
    )
    if ($PSCmdlet.ParameterSetName -eq 'Path') {
        $Markdown = [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $Path).ProviderPath)
    } else {
        $Path = $null
    }
    $where = Get-DisplayPath $Path
    $doc = Split-MarkdownDocument $Markdown
    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $doc.Problems) { $problems.Add("${where}: $p") }

    $help = [pscustomobject]@{
        PSTypeName   = 'HelpGenerator.CommandHelp'
        Name         = $doc.Title
        Path         = $Path
        Synopsis     = $null
        Description  = @()
        Examples     = @()
        Parameters   = [ordered]@{}
        Inputs       = @()
        Outputs      = @()
        Notes        = @()
        RelatedLinks = @()
        Problems     = $problems
    }
    if (-not $doc.Title) { $problems.Add("${where}: no title: the file must start with '# <Verb-Noun>'") }
    elseif ($Path -and [System.IO.Path]::GetFileNameWithoutExtension($Path) -ne $doc.Title) {
        $problems.Add("${where}: the title '# $($doc.Title)' does not match the file name")
    }

    $seen = @{}
    foreach ($s in $doc.Sections) {
        $name = $s.Name.ToUpperInvariant()
        if ($name -eq 'SYNTAX') { $problems.Add("${where}:$($s.Line): remove '## SYNTAX'; the syntax is generated from the compiled cmdlet"); continue }
        if ($name -notin $script:SectionOrder) { $problems.Add("${where}:$($s.Line): unknown section '## $($s.Name)' (expected one of: $($script:SectionOrder -join ', '))"); continue }
        if ($seen.ContainsKey($name)) { $problems.Add("${where}:$($s.Line): section '## $name' appears twice"); continue }
        $seen[$name] = $s
    }
    foreach ($required in $script:RequiredSections) {
        if (-not $seen.ContainsKey($required)) { $problems.Add("${where}: $($help.Name): missing section '## $required'") }
    }

    if ($seen.ContainsKey('SYNOPSIS')) {
        $paras = Get-Paragraphs $seen.SYNOPSIS.Text
        if ($paras.Count -eq 0) { $problems.Add("${where}: $($help.Name): the SYNOPSIS is empty") }
        else { $help.Synopsis = $paras -join ' ' }
    }
    if ($seen.ContainsKey('DESCRIPTION')) {
        $help.Description = Get-Paragraphs $seen.DESCRIPTION.Text
        if ($help.Description.Count -eq 0) { $problems.Add("${where}: $($help.Name): the DESCRIPTION is empty") }
    }
    if ($seen.ContainsKey('EXAMPLES')) {
        $examples = [System.Collections.Generic.List[object]]::new()
        foreach ($sub in $seen.EXAMPLES.Subsections) {
            $blocks = @(ConvertTo-MarkdownBlock $sub.Text)
            # The code is the first powershell block (or the first block without a language); any other block
            # (sample output, a CSV file, ...) stays with the text, in order.
            $code = $null
            foreach ($b in $blocks) {
                if ($b.Kind -eq 'Code' -and $b.Language -in '', 'powershell', 'pwsh', 'ps', 'ps1') { $code = $b; break }
            }
            $remarks = [System.Collections.Generic.List[string]]::new()
            foreach ($b in $blocks) {
                if ([object]::ReferenceEquals($b, $code)) { continue }
                $t = Get-BlockText $b
                if ($t -and $t.Trim()) { $remarks.Add($t) }
            }
            if (-not $code -or -not $code.Text.Trim()) { $problems.Add("${where}:$($sub.Line): $($help.Name): example '$($sub.Name)' has no code block (``````powershell)") }
            if ($remarks.Count -eq 0) { $problems.Add("${where}:$($sub.Line): $($help.Name): example '$($sub.Name)' has no text explaining it") }
            $examples.Add([pscustomobject]@{ Title = $sub.Name; Code = $(if ($code) { $code.Text } else { '' }); Remarks = $remarks.ToArray() })
        }
        $help.Examples = $examples.ToArray()
        if ($examples.Count -lt 2) { $problems.Add("${where}: $($help.Name): $($examples.Count) example(s); at least 2 are required, each under '### Example N: ...'") }
    }
    if ($seen.ContainsKey('PARAMETERS')) {
        foreach ($sub in $seen.PARAMETERS.Subsections) {
            if ($sub.Name -eq 'CommonParameters') { continue }
            if ($sub.Name -notmatch '^-(\w+)$') { $problems.Add("${where}:$($sub.Line): '### $($sub.Name)' under PARAMETERS must be '### -ParameterName'"); continue }
            $pname = $Matches[1]
            if ($help.Parameters.Contains($pname)) { $problems.Add("${where}:$($sub.Line): $($help.Name): parameter -$pname is described twice"); continue }
            $help.Parameters[$pname] = Get-Paragraphs $sub.Text
        }
    }
    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        if (-not $seen.ContainsKey($kind)) { continue }
        $entries = @(foreach ($sub in $seen[$kind].Subsections) {
                [pscustomobject]@{ Type = (ConvertFrom-MarkdownInline $sub.Name); Description = Get-Paragraphs $sub.Text }
            })
        if ($entries.Count -eq 0) { $problems.Add("${where}: $($help.Name): $kind lists no type; add '### <Type name>' (or '### None') with a description") }
        foreach ($e in $entries) {
            if ($e.Description.Count -eq 0) { $problems.Add("${where}: $($help.Name): $kind type '$($e.Type)' has no description") }
        }
        if ($kind -eq 'INPUTS') { $help.Inputs = $entries } else { $help.Outputs = $entries }
    }
    if ($seen.ContainsKey('NOTES')) { $help.Notes = Get-Paragraphs $seen.NOTES.Text }
    if ($seen.ContainsKey('RELATED LINKS')) {
        $help.RelatedLinks = @(foreach ($b in (ConvertTo-MarkdownBlock $seen['RELATED LINKS'].Text)) {
                if ($b.Kind -notin 'ListItem', 'Paragraph') { continue }
                if ($b.Text -match '^\[([^\]]+)\]\(([^)\s]*)\)$') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                else { [pscustomobject]@{ Text = (ConvertFrom-MarkdownInline $b.Text); Uri = '' } }
            })
    }
    $help
}

#endregion

#region cmdlet metadata

function Get-FriendlyTypeName([type] $Type) {
    # Int32, String[], SrmConnection: what Get-Help shows in <...> after a parameter name.
    if ($Type.IsArray) { return (Get-FriendlyTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $base = $Type.Name -replace '`\d+$', ''
        return "$base[$((($Type.GetGenericArguments() | ForEach-Object { Get-FriendlyTypeName $_ }) -join ','))]"
    }
    $Type.Name
}

function Get-FullTypeName([type] $Type) {
    if ($Type.IsArray) { return (Get-FullTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $base = $Type.GetGenericTypeDefinition().FullName -replace '`\d+$', ''
        return "$base[$((($Type.GetGenericArguments() | ForEach-Object { Get-FullTypeName $_ }) -join ','))]"
    }
    $Type.FullName
}

function Get-CmdletHelpMetadata {
    <#
    .SYNOPSIS
    Reads the syntax of every cmdlet in a compiled module from its [Cmdlet], [Parameter], [Alias],
    [SupportsWildcards] and [OutputType] attributes.
    .DESCRIPTION
    The assembly is loaded from its bytes into a collectible AssemblyLoadContext (its dependencies from the same
    folder) and unloaded afterwards: the file is not locked and the types do not stay in this session. Default
    values are read from a new instance of each cmdlet class; a value equal to the type's own default (null, 0,
    false) counts as none.
    .OUTPUTS
    One object per cmdlet: Name, Verb, Noun, TypeName, SupportsShouldProcess, ParameterSets (names, default
    first), Parameters (Name, TypeName, FullTypeName, IsSwitch, Aliases, SupportsWildcards, DefaultValue, Sets:
    Name, Mandatory, Position (-1 = named), ByValue, ByPropertyName), OutputTypes (full names).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $AssemblyPath,
        # Only these cmdlets (Verb-Noun); all public cmdlets when empty.
        [string[]] $Name
    )
    $full = (Resolve-Path -LiteralPath $AssemblyPath).ProviderPath
    $dir = Split-Path -Parent $full
    $alc = [System.Runtime.Loader.AssemblyLoadContext]::new("HelpGenerator-$([guid]::NewGuid().ToString('N'))", $true)
    $resolver = [System.Func[System.Runtime.Loader.AssemblyLoadContext, System.Reflection.AssemblyName, System.Reflection.Assembly]] {
        param($context, $assemblyName)
        $candidate = Join-Path $dir ($assemblyName.Name + '.dll')
        if (Test-Path -LiteralPath $candidate) {
            $context.LoadFromStream([System.IO.MemoryStream]::new([System.IO.File]::ReadAllBytes($candidate)))
        }
    }.GetNewClosure()
    $alc.add_Resolving($resolver)
    try {
        $assembly = $alc.LoadFromStream([System.IO.MemoryStream]::new([System.IO.File]::ReadAllBytes($full)))
        foreach ($type in $assembly.GetExportedTypes()) {
            if ($type.IsAbstract -or -not $type.IsDefined([System.Management.Automation.CmdletAttribute], $false)) { continue }
            $cmdletAttr = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $commandName = "$($cmdletAttr.VerbName)-$($cmdletAttr.NounName)"
            if ($Name -and $commandName -notin $Name) { continue }
            Get-TypeHelpMetadata -Type $type -CmdletAttribute $cmdletAttr
        }
    } finally {
        $alc.remove_Resolving($resolver)
        $alc.Unload()
    }
}

function Get-TypeHelpMetadata {
    param([type] $Type, [System.Management.Automation.CmdletAttribute] $CmdletAttribute)
    $instance = $null
    try { $instance = [System.Activator]::CreateInstance($Type) } catch { $instance = $null }
    try {
        $parameters = [System.Collections.Generic.List[object]]::new()
        $namedSets = [System.Collections.Generic.List[string]]::new()
        $properties = [System.Collections.Generic.List[System.Reflection.PropertyInfo]]::new($Type.GetProperties([System.Reflection.BindingFlags] 'Public, Instance'))
        $properties.Sort([System.Comparison[System.Reflection.PropertyInfo]] { param($a, $b) $a.MetadataToken.CompareTo($b.MetadataToken) })
        foreach ($prop in $properties) {
            $attrs = $prop.GetCustomAttributes($true)
            $paramAttrs = $attrs.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })
            if ($paramAttrs.Count -eq 0) { continue }
            $sets = foreach ($pa in $paramAttrs) {
                $setName = if ($pa.ParameterSetName) { $pa.ParameterSetName } else { $script:AllParameterSets }
                if ($setName -ne $script:AllParameterSets -and -not $namedSets.Contains($setName)) { $namedSets.Add($setName) }
                [pscustomobject]@{
                    Name           = $setName
                    Mandatory      = [bool] $pa.Mandatory
                    Position       = if ($pa.Position -eq [int]::MinValue) { -1 } else { $pa.Position }
                    ByValue        = [bool] $pa.ValueFromPipeline
                    ByPropertyName = [bool] $pa.ValueFromPipelineByPropertyName
                }
            }
            $aliases = [string[]] @(foreach ($a in $attrs) { if ($a -is [System.Management.Automation.AliasAttribute]) { $a.AliasNames } })
            $isSwitch = $prop.PropertyType -eq [System.Management.Automation.SwitchParameter] -or $prop.PropertyType -eq [bool]
            $default = $null
            if ($instance -and $prop.CanRead) {
                $value = $prop.GetValue($instance)
                $clrDefault = if ($prop.PropertyType.IsValueType) { [System.Activator]::CreateInstance($prop.PropertyType) } else { $null }
                if ($null -ne $value -and -not $value.Equals($clrDefault)) { $default = [string] $value }
            }
            $parameters.Add([pscustomobject]@{
                    Name              = $prop.Name
                    TypeName          = if ($isSwitch) { 'SwitchParameter' } else { Get-FriendlyTypeName $prop.PropertyType }
                    FullTypeName      = Get-FullTypeName $prop.PropertyType
                    IsSwitch          = $isSwitch
                    Aliases           = $aliases
                    SupportsWildcards = $attrs.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
                    DefaultValue      = $default
                    Sets              = @($sets)
                })
        }
        $setNames = [System.Collections.Generic.List[string]]::new()
        if ($CmdletAttribute.DefaultParameterSetName -and $namedSets.Contains($CmdletAttribute.DefaultParameterSetName)) { $setNames.Add($CmdletAttribute.DefaultParameterSetName) }
        foreach ($s in $namedSets) { if (-not $setNames.Contains($s)) { $setNames.Add($s) } }
        if ($setNames.Count -eq 0) { $setNames.Add($script:AllParameterSets) }
        [pscustomobject]@{
            PSTypeName            = 'HelpGenerator.CommandMetadata'
            Name                  = "$($CmdletAttribute.VerbName)-$($CmdletAttribute.NounName)"
            Verb                  = $CmdletAttribute.VerbName
            Noun                  = $CmdletAttribute.NounName
            TypeName              = $Type.FullName
            SupportsShouldProcess = [bool] $CmdletAttribute.SupportsShouldProcess
            ParameterSets         = $setNames.ToArray()
            Parameters            = $parameters.ToArray()
            OutputTypes           = @($Type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) |
                    ForEach-Object { $_.Type } | ForEach-Object { if ($_.Type) { Get-FullTypeName $_.Type } else { $_.Name } } |
                    Where-Object { $_ -and $_ -ne 'System.Void' } | Select-Object -Unique)
        }
    } finally {
        if ($instance -is [System.IDisposable]) { $instance.Dispose() }
    }
}

function Get-ParameterSetEntry {
    # The parameter's settings in one set (its __AllParameterSets entry when it has none of its own there).
    param([object] $Parameter, [string] $SetName)
    foreach ($s in $Parameter.Sets) { if ($s.Name -eq $SetName) { return $s } }
    foreach ($s in $Parameter.Sets) { if ($s.Name -eq $script:AllParameterSets) { return $s } }
    $null
}

#endregion

#region checks

function Test-TypeListed([string] $FullName, [object[]] $Entries) {
    $short = ($FullName -split '\.')[-1]
    foreach ($e in $Entries) {
        $t = ($e.Type -replace '\s', '')
        if ($t -eq $FullName -or $t -eq $short -or $t -eq ($FullName -replace '\[\]$', '') -or $t -eq ($short -replace '\[\]$', '')) { return $true }
    }
    $false
}

function Test-CommandHelp {
    <#
    .SYNOPSIS
    Checks parsed markdown help against the cmdlet's metadata; returns one message per problem (nothing when fine).
    .DESCRIPTION
    Reported: the markdown's own layout problems; a parameter of the cmdlet without a description; a parameter
    described that the cmdlet does not have; an [OutputType] missing from OUTPUTS; a type that binds from the
    pipeline by value missing from INPUTS. -WhatIf, -Confirm and the common parameters are not described per
    cmdlet.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [object] $Help,
        [Parameter(Mandatory)] [object] $Metadata
    )
    $where = Get-DisplayPath $Help.Path
    foreach ($p in $Help.Problems) { $p }
    $name = $Metadata.Name
    $described = @($Help.Parameters.Keys)
    foreach ($p in $Metadata.Parameters) {
        $key = $described.Where({ $_ -eq $p.Name }, 'First')
        $key = if ($key.Count) { $key[0] } else { $null }
        if (-not $key) {
            "${where}: ${name}: parameter -$($p.Name) has no description; add '### -$($p.Name)' with a description under '## PARAMETERS'"
        } elseif (-not (@($Help.Parameters[$key]).Where({ $_.Trim() }).Count)) {
            "${where}: ${name}: parameter -$($p.Name) has an empty description"
        }
    }
    foreach ($d in $described) {
        if ($d -in $script:ShouldProcessParameters.Keys -or $d -in [System.Management.Automation.Cmdlet]::CommonParameters) {
            "${where}: ${name}: -$d is a common parameter; its help is generated, remove '### -$d'"
        } elseif (-not @($Metadata.Parameters).Where({ $_.Name -eq $d }).Count) {
            "${where}: ${name}: describes parameter -$d, which the cmdlet does not have"
        }
    }
    foreach ($t in $Metadata.OutputTypes) {
        if (@($Help.Outputs).Count -and -not (Test-TypeListed $t $Help.Outputs)) {
            "${where}: ${name}: OUTPUTS does not list $t, which the cmdlet declares with [OutputType]"
        }
    }
    $byValue = $Metadata.Parameters | Where-Object { $_.Sets | Where-Object ByValue } |
        ForEach-Object { $_.FullTypeName -replace '\[\]$', '' } | Select-Object -Unique
    foreach ($t in $byValue) {
        if (@($Help.Inputs).Count -and -not (Test-TypeListed $t $Help.Inputs)) {
            "${where}: ${name}: INPUTS does not list $t, which a parameter takes from the pipeline by value"
        }
    }
}

#endregion

#region MAML

function Write-Paras([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:NsMaml, $p) }
}

function Write-MamlDescription([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $script:NsMaml)
    Write-Paras $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-MamlType([System.Xml.XmlWriter] $Writer, [string] $TypeName) {
    $Writer.WriteStartElement('dev', 'type', $script:NsDev)
    $Writer.WriteElementString('maml', 'name', $script:NsMaml, $TypeName)
    $Writer.WriteStartElement('maml', 'uri', $script:NsMaml); $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Get-PipelineInputText([object[]] $Entries) {
    $kinds = @()
    if (@($Entries).Where({ $_.ByValue }).Count) { $kinds += 'ByValue' }
    if (@($Entries).Where({ $_.ByPropertyName }).Count) { $kinds += 'ByPropertyName' }
    if ($kinds.Count) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Get-RequiredText([object[]] $Entries) {
    # Get-Help shows 'Required?' as true or false only: true when the parameter is mandatory in any of its sets, so
    # that it never reads 'false' for a parameter some set cannot do without. Get-RequiredNote says which sets.
    ([bool] @($Entries).Where({ $_.Mandatory }).Count).ToString().ToLowerInvariant()
}

function Get-RequiredNote([object[]] $Entries) {
    # Where the sets differ, a last description paragraph names them, as the SYNTAX section shows them.
    $mandatory = @($Entries.Where({ $_.Mandatory }) | ForEach-Object Name)
    $optional = @($Entries.Where({ -not $_.Mandatory }) | ForEach-Object Name)
    if (-not $mandatory.Count -or -not $optional.Count) { return @() }
    $sets = { param($names) if ($names.Count -eq 1) { "parameter set $($names[0])" } else { "parameter sets $($names -join ', ')" } }
    @("Required in the $(& $sets $mandatory); optional in the $(& $sets $optional).")
}

function Write-MamlParameter {
    param(
        [System.Xml.XmlWriter] $Writer,
        [object] $Parameter,
        [string[]] $Description,
        [string] $Required,
        [int] $Position,
        [string] $PipelineInput
    )
    $Writer.WriteStartElement('command', 'parameter', $script:NsCommand)
    $Writer.WriteAttributeString('required', $Required)
    $Writer.WriteAttributeString('variableLength', ([bool] ($Parameter.FullTypeName -like '*`[`]')).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([bool] $Parameter.SupportsWildcards).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $(if ($Position -ge 0) { [string] $Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if (@($Parameter.Aliases).Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:NsMaml, $Parameter.Name)
    Write-MamlDescription $Writer $Description
    if (-not $Parameter.IsSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:NsCommand)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }
    Write-MamlType $Writer $Parameter.FullTypeName
    $Writer.WriteElementString('dev', 'defaultValue', $script:NsDev, $(if ($null -ne $Parameter.DefaultValue) { $Parameter.DefaultValue } elseif ($Parameter.IsSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

function Get-AllParameters {
    # The cmdlet's parameters plus -WhatIf and -Confirm when it supports ShouldProcess, each with its paragraphs.
    param([object] $Help, [object] $Metadata)
    foreach ($p in $Metadata.Parameters) {
        $key = $null
        foreach ($k in $Help.Parameters.Keys) { if ($k -eq $p.Name) { $key = $k; break } }
        [pscustomobject]@{ Parameter = $p; Description = [string[]] $(if ($key) { $Help.Parameters[$key] } else { @() }) }
    }
    if ($Metadata.SupportsShouldProcess) {
        foreach ($n in $script:ShouldProcessParameters.Keys) {
            $spec = $script:ShouldProcessParameters[$n]
            [pscustomobject]@{
                Parameter   = [pscustomobject]@{
                    Name = $n; TypeName = 'SwitchParameter'; FullTypeName = 'System.Management.Automation.SwitchParameter'; IsSwitch = $true
                    Aliases = $spec.Aliases; SupportsWildcards = $false; DefaultValue = $null
                    Sets = @([pscustomobject]@{ Name = $script:AllParameterSets; Mandatory = $false; Position = -1; ByValue = $false; ByPropertyName = $false })
                }
                Description = [string[]] @($spec.Description)
            }
        }
    }
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [object] $Help, [object] $Metadata)
    $w = $Writer
    $w.WriteStartElement('command', 'command', $script:NsCommand)
    $w.WriteAttributeString('xmlns', 'maml', $null, $script:NsMaml)
    $w.WriteAttributeString('xmlns', 'command', $null, $script:NsCommand)
    $w.WriteAttributeString('xmlns', 'dev', $null, $script:NsDev)
    $w.WriteAttributeString('xmlns', 'MSHelp', $null, $script:NsMSHelp)

    $w.WriteStartElement('command', 'details', $script:NsCommand)
    $w.WriteElementString('command', 'name', $script:NsCommand, $Metadata.Name)
    $w.WriteElementString('command', 'verb', $script:NsCommand, $Metadata.Verb)
    $w.WriteElementString('command', 'noun', $script:NsCommand, $Metadata.Noun)
    Write-MamlDescription $w @($Help.Synopsis)
    $w.WriteEndElement()

    Write-MamlDescription $w $Help.Description

    $all = @(Get-AllParameters -Help $Help -Metadata $Metadata)
    $w.WriteStartElement('command', 'syntax', $script:NsCommand)
    foreach ($set in $Metadata.ParameterSets) {
        $inSet = foreach ($a in $all) {
            $entry = Get-ParameterSetEntry $a.Parameter $set
            if ($entry) { [pscustomobject]@{ A = $a; Entry = $entry } }
        }
        # As PowerShell orders them: positional by position, then mandatory, then the rest; -WhatIf/-Confirm last.
        $ordered = @($inSet | Sort-Object @{ E = { if ($_.Entry.Position -ge 0) { 0 } elseif ($_.Entry.Mandatory) { 1 } elseif ($_.A.Parameter.Name -in $script:ShouldProcessParameters.Keys) { 3 } else { 2 } } },
            @{ E = { if ($_.Entry.Position -ge 0) { $_.Entry.Position } else { 0 } } } -Stable)
        $w.WriteStartElement('command', 'syntaxItem', $script:NsCommand)
        $w.WriteElementString('maml', 'name', $script:NsMaml, $Metadata.Name)
        foreach ($x in $ordered) {
            Write-MamlParameter -Writer $w -Parameter $x.A.Parameter -Description $x.A.Description -Required (Get-RequiredText @($x.Entry)) `
                -Position $x.Entry.Position -PipelineInput (Get-PipelineInputText @($x.Entry))
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $script:NsCommand)
    foreach ($a in $all) {
        $p = $a.Parameter
        # Required per parameter set where the sets differ; the position of the first set that has it.
        $entries = @(foreach ($setName in $Metadata.ParameterSets) {
                $e = Get-ParameterSetEntry $p $setName
                if ($e) { [pscustomobject]@{ Name = $setName; Mandatory = $e.Mandatory; Position = $e.Position; ByValue = $e.ByValue; ByPropertyName = $e.ByPropertyName } }
            })
        if ($entries.Count -eq 0) { $entries = @($p.Sets) }
        Write-MamlParameter -Writer $w -Parameter $p -Description (@($a.Description) + @(Get-RequiredNote $entries)) -Required (Get-RequiredText $entries) `
            -Position $entries[0].Position -PipelineInput (Get-PipelineInputText $entries)
    }
    $w.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', $Help.Inputs), @('returnValues', 'returnValue', $Help.Outputs))) {
        $w.WriteStartElement('command', $kind[0], $script:NsCommand)
        foreach ($entry in @($kind[2])) {
            $w.WriteStartElement('command', $kind[1], $script:NsCommand)
            Write-MamlType $w $entry.Type
            Write-MamlDescription $w $entry.Description
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }

    if (@($Help.Notes).Count) {
        $w.WriteStartElement('maml', 'alertSet', $script:NsMaml)
        $w.WriteStartElement('maml', 'alert', $script:NsMaml)
        Write-Paras $w $Help.Notes
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $script:NsCommand)
    foreach ($ex in $Help.Examples) {
        $w.WriteStartElement('command', 'example', $script:NsCommand)
        $w.WriteElementString('maml', 'title', $script:NsMaml, "-------------------------- $($ex.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $script:NsDev, $ex.Code)
        $w.WriteStartElement('dev', 'remarks', $script:NsDev)
        Write-Paras $w $ex.Remarks
        # An empty para: a blank line before the next example's title.
        $w.WriteElementString('maml', 'para', $script:NsMaml, '')
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $script:NsCommand)
    foreach ($link in $Help.RelatedLinks) {
        $w.WriteStartElement('maml', 'navigationLink', $script:NsMaml)
        $w.WriteElementString('maml', 'linkText', $script:NsMaml, $link.Text)
        $w.WriteElementString('maml', 'uri', $script:NsMaml, $link.Uri)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Writes MAML (the <module>.dll-Help.xml that Get-Help reads for compiled cmdlets) for parsed help and metadata.
    .DESCRIPTION
    -Help and -Metadata are matched by cmdlet name. Returns the XML text (UTF-8, LF line ends). It does not check
    the help; use Test-CommandHelp (Export-ModuleHelp does both).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [object[]] $Help,
        [Parameter(Mandatory)] [object[]] $Metadata
    )
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $stream = [System.IO.MemoryStream]::new()
    $w = [System.Xml.XmlWriter]::Create($stream, $settings)
    try {
        $w.WriteStartDocument()
        $w.WriteStartElement('helpItems', 'http://msh')
        $w.WriteAttributeString('schema', 'maml')
        foreach ($m in $Metadata) {
            $h = @($Help | Where-Object Name -eq $m.Name)
            if ($h.Count -eq 0) { throw "No help for cmdlet $($m.Name)." }
            Write-MamlCommand -Writer $w -Help $h[0] -Metadata $m
        }
        $w.WriteEndElement()
        $w.WriteEndDocument()
    } finally {
        $w.Dispose()
    }
    [System.Text.Encoding]::UTF8.GetString($stream.ToArray()) + "`n"
}

#endregion

#region about topics

function ConvertTo-AboutHelpText {
    <#
    .SYNOPSIS
    Converts an about_ topic written in markdown into the plain text layout Get-Help shows (about_*.help.txt).
    .DESCRIPTION
    '# about_Name' becomes TOPIC, every '## Heading' an upper-case heading, '### Heading' a sub-heading; text is
    indented by four spaces and wrapped at 80 columns, code blocks are indented by eight and kept as they are,
    tables are aligned. '## SHORT DESCRIPTION' and '## LONG DESCRIPTION' are required. Problems are thrown
    naming the file.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Path')] [string] $Path,
        [Parameter(Mandatory, ParameterSetName = 'Text')] [AllowEmptyString()] [string] $Markdown,
        [int] $Width = 80
    )
    if ($PSCmdlet.ParameterSetName -eq 'Path') {
        $Markdown = [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $Path).ProviderPath)
    } else { $Path = $null }
    $where = Get-DisplayPath $Path
    $doc = Split-MarkdownDocument $Markdown
    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $doc.Problems) { $problems.Add("${where}: $p") }
    if (-not $doc.Title -or $doc.Title -notmatch '^about_\w+$') { $problems.Add("${where}: the file must start with '# about_<Topic>'") }
    elseif ($Path -and [System.IO.Path]::GetFileNameWithoutExtension($Path) -ne $doc.Title) { $problems.Add("${where}: the title '# $($doc.Title)' does not match the file name") }
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        $s = @($doc.Sections | Where-Object { $_.Name.ToUpperInvariant() -eq $required })
        if ($s.Count -eq 0) { $problems.Add("${where}: missing section '## $required'") }
        elseif (-not (@(ConvertTo-MarkdownBlock $s[0].Text).Count + $s[0].Subsections.Count)) { $problems.Add("${where}: section '## $required' is empty") }
    }
    if ($problems.Count) { throw ($problems -join "`n") }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC')
    $out.Add("    $($doc.Title)")
    foreach ($s in $doc.Sections) {
        $out.Add('')
        $out.Add($s.Name.ToUpperInvariant())
        Add-AboutBlocks -Out $out -Text $s.Text -Indent 4 -Width $Width -UnderHeading
        foreach ($sub in $s.Subsections) {
            $out.Add('')
            $out.Add("  $(ConvertFrom-MarkdownInline $sub.Name)")
            Add-AboutBlocks -Out $out -Text $sub.Text -Indent 4 -Width $Width -UnderHeading
        }
    }
    # Windows PowerShell reads these files in the system code page unless they are ASCII or carry a BOM; keep
    # them ASCII by replacing the few typographic characters markdown authors tend to use.
    $text = ($out -join "`n") + "`n"
    $text = $text.Replace([string][char]0x2192, '->').Replace([string][char]0x2014, '--').Replace([string][char]0x2013, '-').
        Replace([string][char]0x2018, "'").Replace([string][char]0x2019, "'").Replace([string][char]0x201C, '"').Replace([string][char]0x201D, '"').
        Replace([string][char]0x2026, '...').Replace([string][char]0x00A0, ' ')
    $text
}

function Add-AboutBlocks {
    param([System.Collections.Generic.List[string]] $Out, [string] $Text, [int] $Indent, [int] $Width, [switch] $UnderHeading)
    $pad = ' ' * $Indent
    $previous = if ($UnderHeading) { 'Heading' } else { $null }
    foreach ($b in (ConvertTo-MarkdownBlock $Text)) {
        # A blank line between blocks, not right under a heading; consecutive list items stay together.
        if ($previous -ne 'Heading' -and -not ($b.Kind -eq 'ListItem' -and $previous -eq 'ListItem')) { $Out.Add('') }
        $previous = $b.Kind
        switch ($b.Kind) {
            'Paragraph' {
                foreach ($l in (Split-TextToWidth -Text (ConvertFrom-MarkdownInline $b.Text) -Width ($Width - $Indent))) { $Out.Add($pad + $l) }
            }
            'ListItem' {
                $marker = if ($b.Marker -match '^\d') { $b.Marker } else { '-' }
                $hang = ' ' * ($marker.Length + 1)
                $first = $true
                foreach ($l in (Split-TextToWidth -Text (ConvertFrom-MarkdownInline $b.Text) -Width ($Width - $Indent - $hang.Length))) {
                    $Out.Add($pad + $(if ($first) { "$marker " } else { $hang }) + $l)
                    $first = $false
                }
            }
            'Code' {
                foreach ($l in ($b.Text -split "`n")) { $Out.Add(($pad + '    ' + $l).TrimEnd()) }
            }
            'Table' {
                foreach ($l in (Format-TextTable -Rows $b.Rows -Width $Width -Indent $Indent)) { $Out.Add($l) }
            }
        }
    }
}

#endregion

#region module

function Export-ModuleHelp {
    <#
    .SYNOPSIS
    Generates the help of a built binary module: en-US/<RootModule>-Help.xml and en-US/about_*.help.txt.
    .DESCRIPTION
    Reads the module manifest in -ModulePath (RootModule, CmdletsToExport), the cmdlets' syntax from the
    RootModule dll, and the prose from -SourcePath (<Verb-Noun>.md per exported cmdlet, about_*.md). Throws one
    error listing every problem (a cmdlet without a markdown file, a parameter without a description, a
    parameter the cmdlet does not have, fewer than two examples, a missing section, a markdown file for no
    exported cmdlet) and writes nothing then. Returns the files written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $SourcePath,
        [string] $Culture = 'en-US'
    )
    $moduleDir = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
    $manifestFile = Get-ChildItem -LiteralPath $moduleDir -Filter '*.psd1' -File | Select-Object -First 1
    if (-not $manifestFile) { throw "No module manifest (*.psd1) in '$moduleDir'." }
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestFile.FullName
    $rootModule = [string] $manifest.RootModule
    $dll = Join-Path $moduleDir $rootModule
    if ($rootModule -notlike '*.dll' -or -not (Test-Path -LiteralPath $dll)) { throw "The RootModule '$rootModule' of $($manifestFile.Name) is not a dll in '$moduleDir'." }
    $exported = @($manifest.CmdletsToExport | Where-Object { $_ -and $_ -ne '*' })

    $problems = [System.Collections.Generic.List[string]]::new()
    $metadata = @(Get-CmdletHelpMetadata -AssemblyPath $dll | Where-Object { -not $exported -or $_.Name -in $exported } | Sort-Object Name)
    foreach ($n in $exported) {
        if (-not ($metadata | Where-Object Name -eq $n)) { $problems.Add("$($manifestFile.Name) exports $n, but $rootModule has no such cmdlet") }
    }

    $source = (Resolve-Path -LiteralPath $SourcePath).ProviderPath
    $helps = [System.Collections.Generic.List[object]]::new()
    foreach ($m in $metadata) {
        $file = Join-Path $source "$($m.Name).md"
        if (-not (Test-Path -LiteralPath $file)) {
            $problems.Add("$($m.Name) has no help: create $(Get-DisplayPath $file) (see $(Get-DisplayPath (Join-Path $source 'README.md')))")
            continue
        }
        $h = ConvertFrom-HelpMarkdown -Path $file
        foreach ($p in (Test-CommandHelp -Help $h -Metadata $m)) { $problems.Add($p) }
        $helps.Add($h)
    }
    $cmdletFiles = Get-ChildItem -LiteralPath $source -Filter '*-*.md' -File | Where-Object { $_.BaseName -match '^\w+-\w+$' }
    foreach ($f in $cmdletFiles) {
        if (-not ($metadata | Where-Object Name -eq $f.BaseName)) { $problems.Add("$(Get-DisplayPath $f.FullName) describes $($f.BaseName), which the module does not export") }
    }
    $abouts = @{}
    foreach ($f in (Get-ChildItem -LiteralPath $source -Filter 'about_*.md' -File)) {
        try { $abouts[$f.BaseName] = ConvertTo-AboutHelpText -Path $f.FullName }
        catch { $problems.Add($_.Exception.Message) }
    }
    if ($problems.Count) {
        throw "Help is missing or wrong ($($problems.Count) problem(s)):`n  " + ($problems -join "`n  ")
    }

    $outDir = Join-Path $moduleDir $Culture
    New-Item -ItemType Directory -Force -Path $outDir | Out-Null
    $written = [System.Collections.Generic.List[string]]::new()
    $mamlPath = Join-Path $outDir "$rootModule-Help.xml"
    [System.IO.File]::WriteAllText($mamlPath, (ConvertTo-MamlHelp -Help $helps.ToArray() -Metadata $metadata), [System.Text.UTF8Encoding]::new($false))
    $written.Add($mamlPath)
    foreach ($k in ($abouts.Keys | Sort-Object)) {
        $p = Join-Path $outDir "$k.help.txt"
        [System.IO.File]::WriteAllText($p, $abouts[$k], [System.Text.UTF8Encoding]::new($false))
        $written.Add($p)
    }
    $written | ForEach-Object { Get-Item -LiteralPath $_ }
}

function Start-ModuleHelpExport {
    <#
    .SYNOPSIS
    Runs Export-ModuleHelp in a runspace of its own and returns at once; Wait-ModuleHelpExport waits for it.
    .DESCRIPTION
    Lets the build generate the help while it does something else (publishing the simulator). The current
    location is passed on, so that messages name files the same way.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $SourcePath,
        [string] $Culture = 'en-US'
    )
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
            param($Generator, $ModulePath, $SourcePath, $Culture, $Location)
            $ErrorActionPreference = 'Stop'
            Set-Location -LiteralPath $Location
            Import-Module $Generator
            Export-ModuleHelp -ModulePath $ModulePath -SourcePath $SourcePath -Culture $Culture
        }).AddArgument($PSCommandPath).AddArgument([System.IO.Path]::GetFullPath($ModulePath)).
        AddArgument([System.IO.Path]::GetFullPath($SourcePath)).AddArgument($Culture).AddArgument((Get-Location).ProviderPath)
    [pscustomobject]@{ PSTypeName = 'HelpGenerator.Export'; PowerShell = $ps; Result = $ps.BeginInvoke() }
}

function Wait-ModuleHelpExport {
    <#
    .SYNOPSIS
    Waits for Start-ModuleHelpExport and returns the files written, or throws Export-ModuleHelp's error.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param([Parameter(Mandatory, Position = 0)] [object] $Export)
    $ps = $Export.PowerShell
    try {
        try {
            $files = $ps.EndInvoke($Export.Result)
        } catch {
            # EndInvoke wraps the script's terminating error: throw its own message.
            $e = $_.Exception
            while ($e -is [System.Management.Automation.MethodInvocationException] -and $e.InnerException) { $e = $e.InnerException }
            throw $e.Message
        }
        if ($ps.Streams.Error.Count) { throw ($ps.Streams.Error | ForEach-Object { "$_" }) -join "`n" }
        $files
    } finally {
        $ps.Dispose()
    }
}

#endregion

Export-ModuleMember -Function ConvertFrom-HelpMarkdown, Get-CmdletHelpMetadata, Test-CommandHelp, ConvertTo-MamlHelp,
    ConvertTo-AboutHelpText, Export-ModuleHelp, Start-ModuleHelpExport, Wait-ModuleHelpExport
