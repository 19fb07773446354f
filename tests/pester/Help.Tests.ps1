#Requires -Version 7.2
# What Get-Help shows for the built module (out/SrmPairing), read in a fresh pwsh: full help for every exported
# cmdlet and the about_SrmPairing topic.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:cmdletNames = @((Import-PowerShellDataFile -LiteralPath (Join-Path (Get-SrmRepoRoot) 'SrmPairing.psd1')).CmdletsToExport)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:ManifestPath = Get-SrmModulePath
    $script:ModuleDir = Split-Path -Parent $ManifestPath
    $script:ExportedCmdlets = @((Import-PowerShellDataFile -LiteralPath $ManifestPath).CmdletsToExport)

    # Every error id the module can write.
    $script:ErrorIds = @(Get-SrmErrorId)

    # One fresh pwsh imports the built module and reports what Get-Help shows, as JSON.
    $jsonPath = Join-Path $TestDrive 'help.json'
    $child = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module '{0}'
# -WhatIf and -Confirm are not left out: the generated help describes them.
$common = [System.Management.Automation.Cmdlet]::CommonParameters
function Get-Text($Node) {{ ((@($Node) | Where-Object {{ $_ }} | ForEach-Object {{ $_.Text }}) -join "`n").Trim() }}
$report = [ordered]@{{ Commands = @(); About = ''; AboutFound = $false }}
foreach ($name in (Get-Module SrmPairing).ExportedCmdlets.Keys) {{
    $cmd = Get-Command $name
    $h = Get-Help $name -Full
    $report.Commands += [ordered]@{{
        Name          = $name
        Synopsis      = [string] $h.Synopsis
        Description   = Get-Text $h.description
        Parameters    = @(foreach ($p in @($h.parameters.parameter | Where-Object {{ $_ }})) {{
            [ordered]@{{ Name = [string] $p.name; Description = Get-Text $p.description; Required = [string] $p.required
                         Position = [string] $p.position; PipelineInput = [string] $p.pipelineInput; Aliases = [string] $p.aliases }} }})
        SyntaxSets    = @(foreach ($s in @($h.syntax.syntaxItem | Where-Object {{ $_ }})) {{ ,@(@($s.parameter | Where-Object {{ $_ }}) | ForEach-Object {{ [string] $_.name }} | Sort-Object) }})
        Inputs        = @(@($h.inputTypes.inputType | Where-Object {{ $_ }}) | ForEach-Object {{ [string] $_.type.name }})
        Outputs       = @(@($h.returnValues.returnValue | Where-Object {{ $_ }}) | ForEach-Object {{ [string] $_.type.name }})
        Examples      = @(foreach ($e in @($h.examples.example | Where-Object {{ $_ }})) {{ [ordered]@{{ Title = [string] $e.title; Code = [string] $e.code; Remarks = Get-Text $e.remarks }} }})
        Rendered      = $h | Out-String -Width 250
        CmdParameters = @($cmd.Parameters.Values | Where-Object {{ $_.Name -notin $common }} | ForEach-Object Name)
        CmdSets       = @(foreach ($s in $cmd.ParameterSets) {{ ,@($s.Parameters | Where-Object {{ $_.Name -notin $common }} | ForEach-Object Name | Sort-Object) }})
        CmdAliases    = @{{}}
    }}
    $report.Commands[-1].CmdMandatory = @{{}}
    foreach ($p in $cmd.Parameters.Values) {{ if ($p.Name -notin $common) {{
        $report.Commands[-1].CmdAliases[$p.Name] = (@($p.Aliases) -join ', ')
        $report.Commands[-1].CmdMandatory[$p.Name] = @($cmd.ParameterSets | Where-Object {{ $_.Parameters.Name -contains $p.Name }} | ForEach-Object {{ $s = $_; [bool] ($s.Parameters | Where-Object Name -eq $p.Name).IsMandatory }})
    }} }}
}}
$about = Get-Help about_SrmPairing -ErrorAction SilentlyContinue
if ($about) {{ $report.AboutFound = $true; $report.About = ($about | Out-String -Width 250) }}
$report | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath '{1}' -Encoding utf8
'@ -f $ManifestPath.Replace("'", "''"), $jsonPath.Replace("'", "''")
    $output = Invoke-SrmChildPwsh -Command $child
    if (-not (Test-Path -LiteralPath $jsonPath)) { throw "The child pwsh wrote no help report:`n$($output -join "`n")" }
    $script:Report = Get-Content -LiteralPath $jsonPath -Raw | ConvertFrom-Json
    function Get-CommandReport([string] $Name) {
        $r = @($Report.Commands | Where-Object Name -eq $Name)
        if ($r.Count -ne 1) { throw "Get-Help reported nothing for $Name." }
        $r[0]
    }
}

Describe 'Get-Help <_> -Full' -ForEach $cmdletNames {
    BeforeAll {
        $script:h = Get-CommandReport $_
        $script:name = $_
    }

    It 'has a synopsis written for it, not the generated syntax' {
        $h.Synopsis.Trim() | Should -Not -BeNullOrEmpty
        $h.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($name))(\s|$)"
        $h.Synopsis.Trim().Length | Should -BeGreaterThan 20
    }

    It 'has a description' {
        $h.Description | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter of the cmdlet' {
        $h.CmdParameters | Should -Not -BeNullOrEmpty
        foreach ($p in $h.CmdParameters) {
            $described = @($h.Parameters | Where-Object Name -eq $p)
            $described.Count | Should -Be 1 -Because "-$p of $name must appear in its help"
            $described[0].Description | Should -Not -BeNullOrEmpty -Because "-$p of $name needs a description"
        }
    }

    It 'describes no parameter the cmdlet does not have' {
        foreach ($p in $h.Parameters) {
            $h.CmdParameters | Should -Contain $p.Name -Because "the help of $name describes -$($p.Name)"
        }
    }

    It 'shows the same parameter sets and aliases as the cmdlet' {
        $help = @($h.SyntaxSets | ForEach-Object { @($_) -join ',' } | Sort-Object)
        $cmd = @($h.CmdSets | ForEach-Object { @($_) -join ',' } | Sort-Object)
        $help | Should -Be $cmd
        foreach ($p in $h.Parameters) {
            $expected = $h.CmdAliases.($p.Name)
            $shown = if ($p.Aliases -eq 'none') { '' } else { $p.Aliases }
            $shown | Should -Be $expected -Because "the aliases of -$($p.Name)"
        }
    }

    It 'shows Required? true for a parameter mandatory in any of its sets, and names the sets where they differ' {
        foreach ($p in $h.Parameters) {
            $mandatory = @($h.CmdMandatory.($p.Name))
            if (-not $mandatory.Count) { continue }
            $inSome = @($mandatory | Where-Object { $_ }).Count
            $p.Required | Should -Be $(if ($inSome) { 'true' } else { 'false' }) -Because "-$($p.Name) of $name is mandatory in $inSome of $($mandatory.Count) sets"
            if ($inSome -and $inSome -lt $mandatory.Count) {
                $p.Description | Should -Match 'Required in the parameter sets? \w+.*; optional in the parameter sets? \w+' -Because "-$($p.Name) of $name is optional in some sets"
            }
        }
    }

    It 'has inputs and outputs' {
        @($h.Inputs | Where-Object { $_ }) | Should -Not -BeNullOrEmpty
        @($h.Outputs | Where-Object { $_ }) | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and remarks' {
        @($h.Examples).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $h.Examples) {
            $e.Code.Trim() | Should -Not -BeNullOrEmpty -Because "$($e.Title) needs code"
            $e.Remarks | Should -Not -BeNullOrEmpty -Because "$($e.Title) needs remarks"
        }
    }

    It 'renders as text with the synopsis, every parameter and the examples' {
        $h.Rendered | Should -Match '(?m)^SYNOPSIS'
        $h.Rendered.Contains($h.Synopsis.Trim()) | Should -BeTrue
        foreach ($p in $h.CmdParameters) { $h.Rendered | Should -Match "(?m)^\s+-$p\b" -Because "-$p belongs in PARAMETERS" }
        $h.Rendered | Should -BeLike '*Example 1*Example 2*'
    }
}

Describe 'The MAML file' {
    It 'sits next to SrmPairing.dll as en-US/SrmPairing.dll-Help.xml' {
        Join-Path $ModuleDir 'SrmPairing.dll' | Should -Exist
        Join-Path $ModuleDir 'en-US' 'SrmPairing.dll-Help.xml' | Should -Exist
    }

    It 'is well-formed MAML with one command for every exported cmdlet' {
        [xml] $maml = Get-Content -LiteralPath (Join-Path $ModuleDir 'en-US' 'SrmPairing.dll-Help.xml') -Raw
        $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names = @($maml.SelectNodes('//command:command/command:details/command:name', $ns) | ForEach-Object InnerText)
        $names | Sort-Object | Should -Be ($ExportedCmdlets | Sort-Object)
    }
}

Describe 'Get-Help about_SrmPairing' {
    It 'finds the topic next to the module as en-US/about_SrmPairing.help.txt' {
        Join-Path $ModuleDir 'en-US' 'about_SrmPairing.help.txt' | Should -Exist
        $Report.AboutFound | Should -BeTrue
        $Report.About | Should -Match 'TOPIC\s+about_SrmPairing'
        $Report.About | Should -Match 'SHORT DESCRIPTION'
        $Report.About | Should -Match 'LONG DESCRIPTION'
    }

    It 'explains <Subject>' -ForEach @(
        @{ Subject = 'connections and the default connection'; Pattern = 'CONNECTIONS(?s).*default connection' }
        @{ Subject = 'the pairing flow'; Pattern = 'PAIRING FLOW(?s).*New-SrmPairing.*Wait-SrmTask' }
        @{ Subject = 'waiting for tasks'; Pattern = 'WAITING' }
        @{ Subject = 'certificates'; Pattern = 'CERTIFICATES(?s).*-CertificateThumbprint' }
        @{ Subject = 'the simulator and how to start it'; Pattern = 'SIMULATOR(?s).*build\.ps1 simulator' }
        @{ Subject = 'the error ids'; Pattern = 'ERROR IDS' }
    ) {
        $Report.About | Should -Match $Pattern
    }

    It 'finds the error ids in the module''s source (the scan works)' {
        $ErrorIds.Count | Should -BeGreaterThan 15
        $ErrorIds | Should -Contain 'SrmTaskFailed'
        $ErrorIds | Should -Contain 'SrmServiceUnavailable'
        $ErrorIds | Should -Contain 'SrmInvalidPairingSpec'
    }

    It 'lists every exported cmdlet in its cmdlet table and under SEE ALSO' {
        $source = Get-Content -LiteralPath (Join-Path (Get-SrmRepoRoot) 'docs' 'help' 'about_SrmPairing.md') -Raw
        $table = @([regex]::Matches($source, '(?m)^\| ([A-Z]\w+-Srm\w+) \|') | ForEach-Object { $_.Groups[1].Value })
        $seeAlso = @([regex]::Matches(($source -split '## SEE ALSO')[1], '(?m)^- ([A-Z]\w+-Srm\w+)\s*$') | ForEach-Object { $_.Groups[1].Value })
        $table | Sort-Object | Should -Be ($ExportedCmdlets | Sort-Object)
        $seeAlso | Sort-Object | Should -Be ($ExportedCmdlets | Sort-Object)
    }

    It 'names every error id the module writes' {
        $missing = @($ErrorIds | Where-Object { $Report.About -notmatch "\b$_\b" })
        $missing | Should -BeNullOrEmpty -Because 'every error id in src/SrmPairing belongs in docs/help/about_SrmPairing.md'
    }
}
