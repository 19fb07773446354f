#Requires -Version 7.2
<#
.SYNOPSIS
Builds, tests and demonstrates the SrmPairing module.

.DESCRIPTION
Run from anywhere as `dotnet tool restore` then `dotnet pwsh ./build.ps1 <task>`. Each task lives in a module under
build/ (Common, Build, Test, Demo, Simulator, Package, Bench); this script only names them.

  build      dotnet build the solution with the version from SrmPairing.psd1, assemble the importable module in
             out/SrmPairing and publish the simulator to out/SrmPairing.Simulator.
  test       build, run every xunit project (TRX in out/test-results) and the Pester suite (tests/pester, in a
             child pwsh, Pester restored from NuGet); ends with a line per suite, each failed test named under
             its suite, and last the line '<N> passed, <M> failed'.
  demo       build (unless -NoBuild), start the simulator and run examples/Demo.ps1 (child pwsh): through the
             cmdlets, connect, read the remote PSC's certificate, check the pairing (Test-SrmPairing), pair with the
             default remote site and wait with progress, list the pairings, log in to the remote site, remove the
             pairing and disconnect.
  simulator  build, then run the simulator in the foreground until Ctrl+C (extra arguments via -SimulatorArgs).
  clean      remove out/ and every bin/ and obj/ folder.
  package    build, then out/SrmPairing.<version>.nupkg from out/SrmPairing with PSResourceGet (child pwsh) and the
             .NET client library as out/SrmPairing.Client.<version>.nupkg (+ .snupkg symbols) with dotnet pack.
  bench      build, then bench/Invoke-Benchmark.ps1 (child pwsh): SrmPairing against what users write today, side by
             side against the simulator; prints the table, writes out/bench.json, then PASS/FAIL per target.

.EXAMPLE
dotnet pwsh ./build.ps1 test

.EXAMPLE
dotnet pwsh ./build.ps1 simulator -SimulatorArgs '--port','8443'
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'simulator', 'clean', 'package', 'bench')]
    [string] $Task = 'build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Extra arguments for the simulator task, e.g. -SimulatorArgs '--port','8443','--task-duration-ms','2000'.
    [string[]] $SimulatorArgs = @(),

    # test: run only these Pester files or folders (default: tests/pester).
    [string[]] $PesterPath,

    # test: Pester output verbosity.
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $PesterVerbosity = 'Detailed',

    # test: skip the xunit projects or the Pester suite.
    [switch] $SkipXunit,
    [switch] $SkipPester,

    # demo: how long each simulated task runs.
    [int] $DemoTaskDurationMs = 4000,

    # demo: use out/ as it is, without building first (it must have been built).
    [switch] $NoBuild
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

foreach ($module in 'Common', 'Build', 'Test', 'Demo', 'Simulator', 'Package', 'Bench') {
    Import-Module (Join-Path $PSScriptRoot 'build' "$module.psm1") -Force
}
Set-DotnetEnvironment
$context = New-BuildContext -Root $PSScriptRoot -Configuration $Configuration

Push-Location $PSScriptRoot
try {
    switch ($Task) {
        'build' { Invoke-BuildTask -Context $context }
        'test' { Invoke-TestTask -Context $context -PesterPath $PesterPath -PesterVerbosity $PesterVerbosity -SkipXunit:$SkipXunit -SkipPester:$SkipPester }
        'demo' { Invoke-DemoTask -Context $context -TaskDurationMs $DemoTaskDurationMs -NoBuild:$NoBuild }
        'simulator' { Invoke-SimulatorTask -Context $context -SimulatorArgs $SimulatorArgs }
        'clean' { Invoke-CleanTask -Context $context }
        'package' { Invoke-PackageTask -Context $context }
        'bench' { Invoke-BenchTask -Context $context }
    }
    $code = $context.ExitCode
} catch {
    Write-Host "$Task failed: $($_.Exception.Message)" -ForegroundColor Red
    if ($_.InvocationInfo) { Write-Host $_.InvocationInfo.PositionMessage -ForegroundColor DarkGray }
    $code = 1
} finally {
    Pop-Location
}
exit $code
