#Requires -Version 7.2
<#
.SYNOPSIS
Runs the Pester suite; build.ps1 starts this in a child pwsh so that the module's dll is never loaded into the
build process.
.DESCRIPTION
Imports the given Pester manifest (restored from NuGet by build.ps1), puts out/ first on PSModulePath so that
`Import-Module SrmPairing` finds the built module, runs the tests and writes the counts to a small JSON file.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    # Files or folders, separated by the platform's path separator (a child pwsh -File takes no arrays).
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultXml,
    [Parameter(Mandatory)] [string] $SummaryJson,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $Verbosity = 'Detailed',
    [string[]] $Tag,
    [string[]] $ExcludeTag
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$repoRoot = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' '..'))
$env:PSModulePath = (Join-Path $repoRoot 'out') + [System.IO.Path]::PathSeparator + $env:PSModulePath

Import-Module $PesterManifest -Force
$pester = Get-Module Pester
Write-Host ("Pester {0} from {1}" -f $pester.Version, $pester.ModuleBase)

$config = New-PesterConfiguration
$config.Run.Path = @($TestPath -split [System.IO.Path]::PathSeparator | Where-Object { $_ })
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = $Verbosity
if ([Console]::IsOutputRedirected) {
    # A CI log or a file: no ANSI colour codes.
    $config.Output.RenderMode = 'Plaintext'
    $PSStyle.OutputRendering = 'PlainText'
}
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $ResultXml
if ($Tag) { $config.Filter.Tag = $Tag }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }

$result = Invoke-Pester -Configuration $config

function Get-Count([string] $Name) {
    $p = $result.PSObject.Properties[$Name]
    if ($p -and $null -ne $p.Value) { [int] $p.Value } else { 0 }
}

function Get-FailureLine([object] $Test) {
    # The first line of why a test failed: its own error, or for a test that a failed BeforeAll or BeforeEach of an
    # enclosing block stopped (it has none of its own), that block's error.
    $errors = @($Test.ErrorRecord)
    $block = $Test.PSObject.Properties['Block']
    $block = if ($block) { $block.Value } else { $null }
    for ($depth = 0; $errors.Count -eq 0 -and $block -and $depth -lt 100; $depth++) {
        $errors = @($block.PSObject.Properties['ErrorRecord'] | ForEach-Object { $_.Value })
        $parent = $block.PSObject.Properties['Parent']
        $block = if ($parent) { $parent.Value } else { $null }
    }
    if ($errors.Count -eq 0) { return 'failed (no error recorded)' }
    ($errors[0].Exception.Message -split '\r?\n')[0]
}

$summary = [ordered]@{
    Result           = "$($result.Result)"
    Passed           = Get-Count 'PassedCount'
    Failed           = Get-Count 'FailedCount'
    Skipped          = Get-Count 'SkippedCount'
    NotRun           = Get-Count 'NotRunCount'
    Inconclusive     = Get-Count 'InconclusiveCount'
    Total            = Get-Count 'TotalCount'
    FailedBlocks     = Get-Count 'FailedBlocksCount'
    FailedContainers = Get-Count 'FailedContainersCount'
    Containers       = @($result.Containers).Count
    # Named in build.ps1's summary, so that a failure is found at the end of a long log.
    FailedTests      = @($result.Failed | ForEach-Object { ($_.ExpandedPath) + ': ' + (Get-FailureLine $_) })
}
$summary | ConvertTo-Json | Set-Content -LiteralPath $SummaryJson -Encoding utf8
exit 0
