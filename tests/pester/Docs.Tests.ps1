#Requires -Version 7.2
# The documentation: README.md stays an overview, the pages under docs/ are reachable from it, and what they list
# (error ids, simulator options) matches the code.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:Root = Get-SrmRepoRoot
    $script:Readme = Join-Path $Root 'README.md'
    $script:DocsDir = Join-Path $Root 'docs'

    # The markdown files whose links are checked: README.md and every page directly under docs/.
    $script:MarkdownFiles = @($Readme) + @(Get-ChildItem -LiteralPath $DocsDir -Filter '*.md' -File | ForEach-Object FullName)

    function Get-MarkdownAnchor {
        <# The anchors GitHub gives the headings of a markdown file: lower case, punctuation dropped, spaces to '-'. #>
        param([string] $Path)
        $anchors = [System.Collections.Generic.HashSet[string]]::new()
        $inFence = $false
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence; continue }
            if ($inFence -or $line -notmatch '^#{1,6}\s+(.+?)\s*#*\s*$') { continue }
            $text = $Matches[1].ToLowerInvariant() -replace '[^\p{L}\p{Nd}\s_-]', ''
            $null = $anchors.Add(($text.Trim() -replace ' ', '-'))
        }
        , $anchors
    }

    function Get-BrokenLink {
        <#
        Every relative link of a markdown file (outside code) whose file or folder does not exist, or whose #anchor
        names no heading of the markdown file it points to. Links with a scheme (https:, mailto:) are not checked.
        #>
        param([string] $Path)
        $dir = Split-Path -Parent $Path
        $inFence = $false
        $lineNo = 0
        foreach ($line in Get-Content -LiteralPath $Path) {
            $lineNo++
            if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence; continue }
            if ($inFence) { continue }
            $text = $line -replace '`[^`]*`', '``'
            foreach ($m in [regex]::Matches($text, '!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')) {
                $target = $m.Groups[1].Value
                if ($target -match '^[a-zA-Z][a-zA-Z0-9+.-]*:') { continue }
                $file, $anchor = $target -split '#', 2
                $file = [uri]::UnescapeDataString($file)
                $resolved = if ($file) { Join-Path $dir $file } else { $Path }
                $where = "$(Split-Path -Leaf $Path):${lineNo}: $target"
                if (-not (Test-Path -LiteralPath $resolved)) { "$where (no such file)"; continue }
                if ($anchor -and $resolved -like '*.md' -and -not (Get-MarkdownAnchor -Path $resolved).Contains($anchor)) {
                    "$where (no such heading)"
                }
            }
        }
    }

    function Get-RelativeLinkCount {
        param([string] $Path)
        @([regex]::Matches([System.IO.File]::ReadAllText($Path), '\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)[^)\s]+\)')).Count
    }
}

Describe 'README.md' {
    It 'stays an overview: under 15 KB' {
        (Get-Item -LiteralPath $Readme).Length | Should -BeLessThan 15000
    }

    It 'links to the page of each topic under docs/' {
        $text = [System.IO.File]::ReadAllText($Readme)
        foreach ($page in 'pairing', 'tasks', 'connections', 'output', 'certificates', 'unattended', 'errors', 'simulator',
            'client-library', 'development', 'performance') {
            $text | Should -Match ([regex]::Escape("(docs/$page.md)")) -Because "README.md links to docs/$page.md"
        }
    }
}

Describe 'Links in README.md and docs/*.md' {
    It 'finds relative links to check (the scan works)' {
        Get-RelativeLinkCount -Path $Readme | Should -BeGreaterThan 10
        $MarkdownFiles.Count | Should -BeGreaterThan 5
    }

    It 'reports a link to a missing file and an anchor that names no heading' {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-docs-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $dir
        try {
            Set-Content -LiteralPath (Join-Path $dir 'other.md') -Value "# Other page`n`n## Some heading: with -Dash`n"
            $page = Join-Path $dir 'page.md'
            Set-Content -LiteralPath $page -Value @(
                '# Page', '',
                '[ok](other.md) [ok anchor](other.md#some-heading-with--dash) [self](#page) [web](https://example.com/x)',
                '[missing](nothing-here.md) [bad anchor](other.md#no-such-heading)',
                '`[in code](not-checked.md)`', '```', '[in a fence](not-checked-either.md)', '```')
            $broken = @(Get-BrokenLink -Path $page)
            $broken | Should -Be @('page.md:4: nothing-here.md (no such file)', 'page.md:4: other.md#no-such-heading (no such heading)')
        } finally {
            Remove-Item -LiteralPath $dir -Recurse -Force
        }
    }

    It 'points every relative link of <_> to a file that exists' -ForEach @(
        @('README.md') + @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '..' '..' 'docs') -Filter '*.md' -File | ForEach-Object { "docs/$($_.Name)" })
    ) {
        $broken = @(Get-BrokenLink -Path (Join-Path $Root $_))
        $broken | Should -BeNullOrEmpty -Because "every relative link of $_ must lead to an existing file and heading"
    }
}

Describe 'docs/errors.md' {
    It 'names every error id the module writes' {
        $ids = @(Get-SrmErrorId)
        $ids.Count | Should -BeGreaterThan 15 -Because 'the scan of src/SrmPairing finds the error ids'

        $pagePath = Join-Path $DocsDir 'errors.md'
        $pagePath | Should -Exist
        $page = [System.IO.File]::ReadAllText($pagePath)
        $missing = @($ids | Where-Object { $page -notmatch "``$_``" })
        $missing | Should -BeNullOrEmpty -Because 'every error id in src/SrmPairing belongs in the table of docs/errors.md'
    }
}

Describe 'docs/simulator.md' {
    It 'describes every command-line option of the simulator' {
        $code = Get-Content -LiteralPath (Join-Path $Root 'src' 'SrmPairing.Simulator' 'SimulatorOptions.cs') -Raw
        $options = @([regex]::Matches($code, 'case\s+"(--[a-z-]+)"') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $options.Count | Should -BeGreaterThan 10 -Because 'the scan of SimulatorOptions.Parse finds the options'

        $pagePath = Join-Path $DocsDir 'simulator.md'
        $pagePath | Should -Exist
        $page = [System.IO.File]::ReadAllText($pagePath)
        $missing = @($options | Where-Object { $page -notmatch "``$([regex]::Escape($_))[`` ]" })
        $missing | Should -BeNullOrEmpty -Because 'every option of SimulatorOptions.Parse belongs in the options table of docs/simulator.md'
    }
}
