#Requires -Version 7.2
<#
.SYNOPSIS
Builds, tests and demonstrates the SrmPairing module.

.DESCRIPTION
Run from anywhere as `dotnet tool restore` then `dotnet pwsh ./build.ps1 <task>`.

  build      dotnet build the solution with the version from SrmPairing.psd1, assemble the importable module in
             out/SrmPairing and publish the simulator to out/SrmPairing.Simulator.
  test       build, run every xunit project (TRX in out/test-results) and the Pester suite (tests/pester, in a
             child pwsh, Pester restored from NuGet); ends with a line per suite, each failed test named under
             its suite, and last the line '<N> passed, <M> failed'.
  demo       build (unless -NoBuild), start the simulator and, through the cmdlets (child pwsh), connect, read the
             remote PSC's certificate, check the pairing (Test-SrmPairing), pair with the default remote site and
             wait with progress, list the pairings, log in to the remote site, remove the pairing and disconnect.
  simulator  build, then run the simulator in the foreground until Ctrl+C (extra arguments via -SimulatorArgs).
  clean      remove out/ and every bin/ and obj/ folder.
  package    build, then out/SrmPairing.<version>.nupkg from out/SrmPairing with PSResourceGet (child pwsh).
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

$script:Root = $PSScriptRoot
$script:OutDir = Join-Path $Root 'out'
$script:ModuleName = 'SrmPairing'
$script:ModuleOut = Join-Path $OutDir $ModuleName
$script:SimulatorOut = Join-Path $OutDir 'SrmPairing.Simulator'
$script:TestResultsDir = Join-Path $OutDir 'test-results'
$script:Dotnet = $null
$script:ExitCode = 0

# Quieter, repeatable dotnet runs.
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
if ($env:CI) {
    # No MSBuild nodes left running after a CI run.
    $env:MSBUILDDISABLENODEREUSE = '1'
    $env:DOTNET_CLI_USE_MSBUILD_SERVER = '0'
}

#region helpers

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Get-DotnetPath {
    if ($script:Dotnet) { return $script:Dotnet }
    # Under `dotnet pwsh` this process *is* the dotnet host of the SDK that global.json selected.
    $self = [System.Environment]::ProcessPath
    $script:Dotnet = if ($self -and [System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        $self
    } elseif ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) {
        $env:DOTNET_HOST_PATH
    } else {
        (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    }
    $script:Dotnet
}

function Invoke-Dotnet {
    # Runs dotnet with its output on the console; throws on a non-zero exit code.
    # No param block: every argument, '-o' included, goes to dotnet as it is.
    $Arguments = [string[]] $args
    $dotnet = Get-DotnetPath
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    # Not piped: dotnet keeps the console (and its terminal logger) when there is one. Callers never capture.
    & $dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Get-PwshCommand {
    # A child pwsh like this one. Under `dotnet pwsh` the process is dotnet, so the child is `dotnet pwsh.dll`.
    $self = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        [pscustomobject]@{ FilePath = $self; Arguments = @((Join-Path $PSHOME 'pwsh.dll')) }
    } else {
        [pscustomobject]@{ FilePath = $self; Arguments = @() }
    }
}

function Invoke-ChildPwsh {
    # Runs a script file in a child pwsh (own process: the module's dll is never loaded into this one).
    # The child writes straight to this console; its exit code is left in $LASTEXITCODE.
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @()
    )
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $File @Arguments
}

function Get-ModuleManifestPath {
    $path = Join-Path $Root "$ModuleName.psd1"
    if (-not (Test-Path -LiteralPath $path)) { throw "Module manifest '$path' not found." }
    $path
}

function Get-ModuleVersion {
    # The single source of the version: ModuleVersion (+ PSData.Prerelease) in SrmPairing.psd1.
    $data = Import-PowerShellDataFile -LiteralPath (Get-ModuleManifestPath)
    $version = [string] $data.ModuleVersion
    if (-not ($version -as [version])) { throw "ModuleVersion '$version' in $ModuleName.psd1 is not a version." }
    $pre = $null
    if ($data.ContainsKey('PrivateData') -and $data.PrivateData -is [hashtable] -and
        $data.PrivateData.ContainsKey('PSData') -and $data.PrivateData.PSData -is [hashtable] -and
        $data.PrivateData.PSData.ContainsKey('Prerelease')) {
        $pre = [string] $data.PrivateData.PSData.Prerelease
    }
    if ($pre) { "$version-$pre" } else { $version }
}

function Copy-FileReplacing {
    # Replaces a file that a running pwsh may have loaded. The new file is written next to the target and
    # renamed over it: on Linux and macOS the old inode lives on for whoever maps it (copying in place would
    # truncate a mapped dll under that process). On Windows a loaded dll cannot be replaced but can be
    # renamed: it is moved aside into out/stale first. Identical files are left alone.
    param([string] $Source, [string] $Destination)
    if ((Test-Path -LiteralPath $Destination) -and
        (Get-Item -LiteralPath $Source).Length -eq (Get-Item -LiteralPath $Destination).Length -and
        (Get-FileHash -LiteralPath $Source).Hash -eq (Get-FileHash -LiteralPath $Destination).Hash) {
        return
    }
    $temp = '{0}.{1}.tmp' -f $Destination, [guid]::NewGuid().ToString('N')
    Copy-Item -LiteralPath $Source -Destination $temp -Force
    try {
        [System.IO.File]::Move($temp, $Destination, $true)
    } catch [System.IO.IOException], [System.UnauthorizedAccessException] {
        Move-Aside $Destination
        [System.IO.File]::Move($temp, $Destination, $true)
    } finally {
        if (Test-Path -LiteralPath $temp) { Remove-Item -LiteralPath $temp -Force -ErrorAction SilentlyContinue }
    }
}

function Move-Aside([string] $Path) {
    # Moves a (possibly loaded) file out of the module folder into out/stale.
    $stale = Join-Path $OutDir 'stale'
    New-Item -ItemType Directory -Force -Path $stale | Out-Null
    $aside = Join-Path $stale ('{0}.{1}' -f [System.IO.Path]::GetFileName($Path), [guid]::NewGuid().ToString('N'))
    [System.IO.File]::Move($Path, $aside)
}

function Remove-StaleFiles {
    # Best effort: files moved aside by an earlier build whose pwsh has exited by now.
    $stale = Join-Path $OutDir 'stale'
    if (Test-Path -LiteralPath $stale) {
        Get-ChildItem -LiteralPath $stale -File | Remove-Item -Force -ErrorAction SilentlyContinue
    }
}

function Get-ManifestListedFiles {
    # Files the manifest names (formats, types) that must ship next to it.
    param([hashtable] $Manifest)
    foreach ($key in 'FormatsToProcess', 'TypesToProcess') {
        if ($Manifest.ContainsKey($key)) {
            # '.\X.Format.ps1xml' and 'X.Format.ps1xml' are the same file, on every platform.
            @($Manifest[$key]) | Where-Object { $_ } | ForEach-Object { ($_ -replace '\\', '/') -replace '^\./', '' }
        }
    }
}

function Install-ModuleFolder {
    # Assembles out/SrmPairing from the publish output and the repo's module files.
    param([string] $PublishDir)
    $manifestPath = Get-ModuleManifestPath
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath

    # dlls from the publish folder, minus what PowerShell itself provides.
    $excluded = @('System.Management.Automation.dll', 'Microsoft.Management.Infrastructure.dll')
    $files = [System.Collections.Generic.List[object]]::new()
    foreach ($dll in Get-ChildItem -LiteralPath $PublishDir -Filter '*.dll' -File) {
        if ($dll.Name -notin $excluded) { $files.Add(@{ Source = $dll.FullName; Target = $dll.Name }) }
    }
    if ($Configuration -eq 'Debug') {
        foreach ($pdb in Get-ChildItem -LiteralPath $PublishDir -Filter '*.pdb' -File) {
            $files.Add(@{ Source = $pdb.FullName; Target = $pdb.Name })
        }
    }
    $files.Add(@{ Source = $manifestPath; Target = "$ModuleName.psd1" })

    $moduleSources = @($Root, (Join-Path $Root 'src' $ModuleName))
    foreach ($listed in Get-ManifestListedFiles $manifest) {
        $src = $moduleSources | ForEach-Object { Join-Path $_ $listed } | Where-Object { Test-Path -LiteralPath $_ } |
            Select-Object -First 1
        if (-not $src) { throw "$ModuleName.psd1 lists '$listed' but it is neither in the repo root nor in src/$ModuleName." }
        $files.Add(@{ Source = $src; Target = $listed })
    }

    # Help: src/SrmPairing/en-US (MAML *-Help.xml, about_*.help.txt) as it is.
    $helpDir = Join-Path $Root 'src' $ModuleName 'en-US'
    if (Test-Path -LiteralPath $helpDir) {
        foreach ($f in Get-ChildItem -LiteralPath $helpDir -File -Recurse) {
            $files.Add(@{ Source = $f.FullName; Target = [System.IO.Path]::GetRelativePath((Split-Path $helpDir), $f.FullName) })
        }
    }

    New-Item -ItemType Directory -Force -Path $ModuleOut | Out-Null
    $wanted = @{}
    foreach ($f in $files) {
        $target = Join-Path $ModuleOut $f.Target
        $wanted[[System.IO.Path]::GetFullPath($target)] = $true
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
        Copy-FileReplacing -Source $f.Source -Destination $target
    }
    # Whatever an earlier build left that this one does not ship.
    foreach ($old in Get-ChildItem -LiteralPath $ModuleOut -File -Recurse) {
        if (-not $wanted.ContainsKey($old.FullName)) {
            try { Remove-Item -LiteralPath $old.FullName -Force } catch { Move-Aside $old.FullName }
        }
    }
    Get-ChildItem -LiteralPath $ModuleOut -Directory -Recurse | Sort-Object { $_.FullName.Length } -Descending |
        Where-Object { -not (Get-ChildItem -LiteralPath $_.FullName -Force) } | Remove-Item -Force
}

#endregion

#region tasks

function Invoke-BuildTask {
    $version = Get-ModuleVersion
    Write-Step "Building $ModuleName $version ($Configuration)"
    Remove-StaleFiles
    $common = @("-c", $Configuration, "-p:Version=$version", '--nologo')
    # One build of the whole solution (module, simulator and the test projects), then publish without rebuilding.
    Invoke-Dotnet build (Join-Path $Root 'SrmPairing.sln') @common

    $publishDir = Join-Path $OutDir 'publish' $ModuleName
    if (Test-Path -LiteralPath $publishDir) { Remove-Item -LiteralPath $publishDir -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $Root 'src' $ModuleName "$ModuleName.csproj") @common --no-build -o $publishDir
    Install-ModuleFolder -PublishDir $publishDir

    # Help: the prose in docs/help plus the syntax of the built cmdlets -> en-US/SrmPairing.dll-Help.xml (MAML) and
    # en-US/about_*.help.txt, generated in a second runspace while the simulator is published. Fails, naming the
    # cmdlet and parameter, when help is missing (see docs/help/README.md).
    Import-Module (Join-Path $Root 'build' 'HelpGenerator.psm1') -Force
    $helpExport = Start-ModuleHelpExport -ModulePath $ModuleOut -SourcePath (Join-Path $Root 'docs' 'help')

    Write-Step 'Publishing the simulator'
    Invoke-Dotnet publish (Join-Path $Root 'src' 'SrmPairing.Simulator' 'SrmPairing.Simulator.csproj') @common --no-build -o $SimulatorOut
    Write-Step 'Generating help'
    $null = Wait-ModuleHelpExport $helpExport
    Write-Host "Module:    $ModuleOut"
    Write-Host "Simulator: $SimulatorOut"
}

function Get-TrxCounts {
    # Counts a TRX file's results by outcome. Skipped xunit tests are 'NotExecuted'.
    param([string] $Path)
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $ns = [System.Xml.XmlNamespaceManager]::new($trx.NameTable)
    $ns.AddNamespace('t', $trx.DocumentElement.NamespaceURI)
    $passed = 0; $failed = 0; $skipped = 0
    $failedNames = [System.Collections.Generic.List[string]]::new()
    foreach ($r in $trx.SelectNodes('//t:Results/t:UnitTestResult', $ns)) {
        switch ($r.GetAttribute('outcome')) {
            'Passed' { $passed++ }
            { $_ -in 'NotExecuted', 'Inconclusive', 'NotRunnable', 'Pending', 'Warning' } { $skipped++ }
            default {
                # Failed, Error, Timeout, Aborted, ...: named in the summary, with the first line of its message.
                $failed++
                $message = $r.SelectSingleNode('t:Output/t:ErrorInfo/t:Message', $ns)
                $firstLine = if ($message) { ($message.InnerText -split '\r?\n')[0] } else { $r.GetAttribute('outcome') }
                $failedNames.Add("$($r.GetAttribute('testName')): $firstLine")
            }
        }
    }
    $summary = $trx.SelectSingleNode('//t:ResultSummary', $ns)
    [pscustomobject]@{
        Passed  = $passed
        Failed  = $failed
        Skipped = $skipped
        FailedTests = $failedNames.ToArray()
        Outcome = if ($summary) { $summary.GetAttribute('outcome') } else { 'Unknown' }
    }
}

function Invoke-XunitProjects {
    # dotnet test --no-build per project, one TRX each; counts come from the TRX, not the console.
    # Results go to $Suites (nothing is returned, so dotnet's output goes straight to the console).
    param([System.Collections.Generic.List[object]] $Suites)
    $projects = Get-ChildItem -LiteralPath (Join-Path $Root 'tests') -Filter '*.Tests.csproj' -File -Recurse |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Sort-Object Name
    foreach ($project in $projects) {
        $name = $project.BaseName
        Write-Step "xunit: $name"
        $trxName = "$name.trx"
        $trxPath = Join-Path $TestResultsDir $trxName
        $dotnet = Get-DotnetPath
        $testArgs = @('test', $project.FullName, '--no-build', '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trxName",
            '--results-directory', $TestResultsDir)
        Write-Host "dotnet $($testArgs -join ' ')" -ForegroundColor DarkGray
        & $dotnet @testArgs
        $exit = $LASTEXITCODE
        if (Test-Path -LiteralPath $trxPath) {
            $c = Get-TrxCounts $trxPath
            # A crash or a run-level error with no failed test result still has to count as a failure.
            $extra = if ($exit -ne 0 -and $c.Failed -eq 0) { 1 } else { 0 }
            $Suites.Add([pscustomobject]@{ Suite = "xunit $name"; Passed = $c.Passed; Failed = $c.Failed + $extra; Skipped = $c.Skipped
                    Note = if ($extra) { "dotnet test exited with $exit (TRX outcome $($c.Outcome))" } else { '' }; FailedTests = $c.FailedTests })
        } else {
            $Suites.Add([pscustomobject]@{ Suite = "xunit $name"; Passed = 0; Failed = 1; Skipped = 0; Note = "no TRX written (exit code $exit)" })
        }
    }
}

function Get-PesterVersion {
    # The one place that pins Pester: the PackageDownload in tests/pester/Pester.Restore.csproj.
    [xml] $project = Get-Content -LiteralPath (Join-Path $Root 'tests' 'pester' 'Pester.Restore.csproj') -Raw
    $node = $project.SelectSingleNode("//PackageDownload[@Include='Pester']")
    if (-not $node) { throw 'tests/pester/Pester.Restore.csproj has no PackageDownload for Pester.' }
    $node.GetAttribute('Version').Trim('[', ']', ' ')
}

function Restore-Pester {
    # Pester comes from NuGet (the PowerShell Gallery is not used): a PackageDownload in Pester.Restore.csproj.
    Write-Step "Restoring Pester $(Get-PesterVersion) from NuGet"
    Invoke-Dotnet restore (Join-Path $Root 'tests' 'pester' 'Pester.Restore.csproj') --nologo --verbosity quiet
}

function Find-PesterManifest {
    # Pester.psd1 inside the restored package (tools/Pester.psd1 in the nupkg), in the NuGet package folder
    # that restore used (NUGET_PACKAGES, nuget.config's globalPackagesFolder or ~/.nuget/packages).
    $restoreProject = Join-Path $Root 'tests' 'pester' 'Pester.Restore.csproj'
    $pesterVersion = Get-PesterVersion
    $assets = Get-Content -LiteralPath (Join-Path (Split-Path $restoreProject) 'obj' 'project.assets.json') -Raw | ConvertFrom-Json
    $folders = @($assets.packageFolders.PSObject.Properties.Name)
    foreach ($folder in $folders) {
        $packageDir = Join-Path $folder 'pester' $pesterVersion
        if (Test-Path -LiteralPath $packageDir) {
            $manifest = Get-ChildItem -LiteralPath $packageDir -Filter 'Pester.psd1' -File -Recurse | Select-Object -First 1
            if ($manifest) { return $manifest.FullName }
        }
    }
    throw "Pester.psd1 $pesterVersion not found under the NuGet package folders: $($folders -join ', ')"
}

function Invoke-PesterSuite {
    # Results go to $Suites (nothing is returned, so the child's output goes straight to the console).
    param([System.Collections.Generic.List[object]] $Suites)
    Restore-Pester
    $manifest = Find-PesterManifest
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).ProviderPath } } else { @(Join-Path $Root 'tests' 'pester') }
    $summaryPath = Join-Path $TestResultsDir 'pester-summary.json'
    $xmlPath = Join-Path $TestResultsDir 'pester.xml'
    Write-Step 'Pester (child pwsh)'
    $env:SRMPAIRING_CONFIGURATION = $Configuration
    $runner = Join-Path $Root 'tests' 'pester' 'Invoke-PesterRun.ps1'
    Invoke-ChildPwsh -File $runner -Arguments (@('-PesterManifest', $manifest, '-ResultXml', $xmlPath,
            '-SummaryJson', $summaryPath, '-Verbosity', $PesterVerbosity, '-TestPath', ($paths -join [System.IO.Path]::PathSeparator)))
    $exit = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $summaryPath)) {
        $Suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = 0; Failed = 1; Skipped = 0; Note = "the Pester run wrote no summary (exit code $exit)" })
        return
    }
    $s = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    # Tests of a failed BeforeAll are counted as failed by Pester; a file that fails discovery has no tests
    # to count, so it counts as one failure of its own.
    $failed = [int] $s.Failed + [int] $s.FailedContainers
    $note = @()
    if ([int] $s.FailedContainers) { $note += "$($s.FailedContainers) file(s) failed to run" }
    if ([int] $s.NotRun) { $note += "$($s.NotRun) not run" }
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1; $note += "child pwsh exited with $exit" }
    $Suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = [int] $s.Passed; Failed = $failed; Skipped = [int] $s.Skipped; Note = $note -join '; '
            FailedTests = @($s.FailedTests) })
}

function Invoke-TestTask {
    $suites = [System.Collections.Generic.List[object]]::new()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        Invoke-BuildTask
        $built = $true
    } catch {
        Write-Host "BUILD FAILED: $($_.Exception.Message)" -ForegroundColor Red
        $suites.Add([pscustomobject]@{ Suite = 'build'; Passed = 0; Failed = 1; Skipped = 0; Note = 'build failed' })
        $built = $false
    }
    Write-Host ("build: {0:n1} s" -f $clock.Elapsed.TotalSeconds)

    if ($built) {
        if (Test-Path -LiteralPath $TestResultsDir) { Remove-Item -LiteralPath $TestResultsDir -Recurse -Force }
        New-Item -ItemType Directory -Force -Path $TestResultsDir | Out-Null
        if (-not $SkipXunit) {
            try { Invoke-XunitProjects -Suites $suites }
            catch {
                Write-Host "xunit step failed: $($_.Exception.Message)" -ForegroundColor Red
                $suites.Add([pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Note = $_.Exception.Message })
            }
        }
        if (-not $SkipPester) {
            try { Invoke-PesterSuite -Suites $suites }
            catch {
                Write-Host "Pester step failed: $($_.Exception.Message)" -ForegroundColor Red
                $suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = 0; Failed = 1; Skipped = 0; Note = $_.Exception.Message })
            }
        }
    }

    $passed = 0; $failed = 0
    Write-Host ''
    Write-Host ("Test summary ({0:n1} s; results in {1})" -f $clock.Elapsed.TotalSeconds, [System.IO.Path]::GetRelativePath($Root, $TestResultsDir))
    foreach ($s in $suites) {
        $passed += $s.Passed; $failed += $s.Failed
        $line = '{0}: {1} passed, {2} failed, {3} skipped' -f $s.Suite, $s.Passed, $s.Failed, $s.Skipped
        if ($s.Note) { $line += " ($($s.Note))" }
        Write-Host $line
        # A CI log is often read from its end: each failed test is named here, not only somewhere above.
        # (The build step and a suite that wrote no results have no FailedTests.)
        $failedTests = $s.PSObject.Properties['FailedTests']
        foreach ($name in @(if ($failedTests) { $failedTests.Value })) {
            Write-Host "  failed: $name" -ForegroundColor Red
        }
    }
    # The last line, exactly: '<N> passed, <M> failed'.
    Write-Host ('{0} passed, {1} failed' -f $passed, $failed)
    $script:ExitCode = if ($failed -gt 0) { 1 } else { 0 }
}

function Invoke-DemoTask {
    if (-not $NoBuild) { Invoke-BuildTask }
    Import-Module (Join-Path $Root 'tests' 'pester' 'SrmTestHelpers.psm1') -Force
    Write-Step "Starting the simulator (tasks take $DemoTaskDurationMs ms)"
    # With its remote site endpoints: vc-b's PSC and SRM answer TLS on 127.0.0.1, so the preflight can pass.
    $sim = Start-SrmSimulator -TaskDurationMs $DemoTaskDurationMs -SiteEndpoints
    try {
        Write-Host "Simulator: $($sim.BaseUrl)"
        Write-Host "Thumbprint: $($sim.Thumbprint)"
        $remote = Get-SrmSimulatorSite -Name 'vc-b' -Simulator $sim | Select-Object -First 1
        if (-not $remote) { throw "The simulator has no remote site 'vc-b'." }

        $demo = @'
param($ModulePath, $Server, $Thumbprint, $RemotePscUrl, $RemoteVcGuid)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'Continue'
function Show([string] $Text) { Write-Host "PS> $Text" -ForegroundColor Yellow }

Import-Module $ModulePath -Force
$cred = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString 'VMware1!' -AsPlainText -Force))

Show "Connect-SrmServer -Server $Server -Credential `$cred -CertificateThumbprint $Thumbprint"
Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint | Format-List | Out-Host
try {
    # Read the remote PSC's certificate, as one would before pinning it (check it with the remote site's admin).
    Show "`$psc = Get-SrmCertificateThumbprint -Server $RemotePscUrl"
    $psc = Get-SrmCertificateThumbprint -Server $RemotePscUrl
    $psc | Format-List | Out-Host

    $spec = @{ RemotePscUrl = $RemotePscUrl; RemotePscThumbprint = $psc.Sha256Thumbprint; RemoteVcGuid = $RemoteVcGuid; RemoteCredential = $cred }
    $line = "-RemotePscUrl $RemotePscUrl -RemotePscThumbprint `$psc.Sha256Thumbprint -RemoteVcGuid $RemoteVcGuid -RemoteCredential `$cred"

    Show "Test-SrmPairing $line"
    $checks = Test-SrmPairing @spec
    $checks | Format-Table -AutoSize -Wrap | Out-Host
    if (@($checks | Where-Object Result -eq Failed).Count -gt 0) { throw 'The pairing preflight failed.' }

    Show "New-SrmPairing $line | Wait-SrmTask"
    $task = New-SrmPairing @spec | Wait-SrmTask
    $task | Format-List | Out-Host

    Show 'Get-SrmPairing'
    Get-SrmPairing | Out-Host

    Show "`$pairing = Get-SrmPairing -RemoteVcGuid $RemoteVcGuid | Connect-SrmRemoteSite -Credential `$cred"
    $pairing = Get-SrmPairing -RemoteVcGuid $RemoteVcGuid | Connect-SrmRemoteSite -Credential $cred
    $pairing | Format-List | Out-Host

    Show '$pairing | Remove-SrmPairing -Confirm:$false | Wait-SrmTask'
    $pairing | Remove-SrmPairing -Confirm:$false | Wait-SrmTask | Format-List | Out-Host

    Show 'Get-SrmPairing'
    Get-SrmPairing | Out-Host
} finally {
    Show 'Disconnect-SrmServer'
    Disconnect-SrmServer
}
'@
        $script = Join-Path $OutDir 'demo.ps1'
        Set-Content -LiteralPath $script -Value $demo -Encoding utf8
        Write-Step 'Pairing with the simulated remote site, then removing the pairing (child pwsh)'
        Invoke-ChildPwsh -File $script -Arguments @('-ModulePath', (Join-Path $ModuleOut "$ModuleName.psd1"),
            '-Server', $sim.Server, '-Thumbprint', $sim.Thumbprint, '-RemotePscUrl', "$($remote.PscUrl):$($remote.PscPort)",
            '-RemoteVcGuid', $remote.VcGuid)
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    } finally {
        Write-Step 'Stopping the simulator'
        Stop-SrmSimulator -Simulator $sim
    }
}

function Invoke-PackageTask {
    # Publish-PSResource into out/ through a repository registered for this run only, in a child pwsh. On Linux its
    # PSResourceGet store (under XDG_DATA_HOME) is a temporary folder, so the user's repository list is never read
    # or written; elsewhere the store cannot be moved, so the repository has a unique name and is always
    # unregistered.
    Invoke-BuildTask
    $version = Get-ModuleVersion
    $nupkg = Join-Path $OutDir "$ModuleName.$version.nupkg"
    Write-Step "Packaging $ModuleName $version with PSResourceGet (child pwsh)"
    if (Test-Path -LiteralPath $nupkg) { Remove-Item -LiteralPath $nupkg -Force }
    $package = @'
param($ModuleDir, $Destination)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$store = Join-Path ([System.IO.Path]::GetTempPath()) ('srm-psresource-' + [guid]::NewGuid().ToString('N'))
# It must exist: .NET gives no LocalApplicationData for a missing folder, and PSResourceGet would fall back to './'.
New-Item -ItemType Directory -Path $store | Out-Null
if ($IsLinux) { $env:XDG_DATA_HOME = $store }
$name = 'SrmPairingBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
Register-PSResourceRepository -Name $name -Uri $Destination -Trusted
try {
    Publish-PSResource -Path $ModuleDir -Repository $name
} finally {
    Unregister-PSResourceRepository -Name $name
    if (Test-Path -LiteralPath $store) { Remove-Item -LiteralPath $store -Recurse -Force }
}
'@
    $script = Join-Path $OutDir 'package.ps1'
    Set-Content -LiteralPath $script -Value $package -Encoding utf8
    Invoke-ChildPwsh -File $script -Arguments @('-ModuleDir', $ModuleOut, '-Destination', $OutDir)
    if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
    if (-not (Test-Path -LiteralPath $nupkg)) { throw "Publish-PSResource wrote no $nupkg." }
    Write-Host "Package:   $nupkg"
}

function Invoke-SimulatorTask {
    Invoke-BuildTask
    $dll = Join-Path $SimulatorOut 'SrmPairing.Simulator.dll'
    # From bash, -SimulatorArgs '--port','8443' arrives as the single string '--port,8443': split it.
    $simArgs = @($SimulatorArgs | ForEach-Object { $_ -split ',' } | Where-Object { $_ -ne '' })
    Write-Step "Running the simulator (Ctrl+C to stop): dotnet $dll $($simArgs -join ' ')"
    & (Get-DotnetPath) $dll @simArgs
    # Ctrl+C (SIGINT, 130) is how it is meant to stop; anything else non-zero is a failure.
    if ($LASTEXITCODE -notin 0, 130, -1073741510) { throw "The simulator exited with code $LASTEXITCODE." }
}

function Invoke-BenchTask {
    # The benchmark runs its scenarios in child pwsh processes of its own; it exits non-zero when a target is missed.
    Invoke-BuildTask
    Invoke-ChildPwsh -File (Join-Path $Root 'bench' 'Invoke-Benchmark.ps1')
    $script:ExitCode = if ($LASTEXITCODE -ne 0) { 1 } else { 0 }
}

function Invoke-CleanTask {
    Write-Step 'Removing out/, bin/ and obj/'
    if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
    foreach ($top in 'src', 'tests', 'bench') {
        $dir = Join-Path $Root $top
        if (-not (Test-Path -LiteralPath $dir)) { continue }
        Get-ChildItem -LiteralPath $dir -Directory -Recurse -Include 'bin', 'obj' |
            Where-Object { Test-Path -LiteralPath $_.FullName } |
            Remove-Item -Recurse -Force
    }
}

#endregion

Push-Location $Root
try {
    switch ($Task) {
        'build' { Invoke-BuildTask; $code = 0 }
        'test' { Invoke-TestTask; $code = $script:ExitCode }
        'demo' { Invoke-DemoTask; $code = 0 }
        'simulator' { Invoke-SimulatorTask; $code = 0 }
        'clean' { Invoke-CleanTask; $code = 0 }
        'package' { Invoke-PackageTask; $code = 0 }
        'bench' { Invoke-BenchTask; $code = $script:ExitCode }
    }
} catch {
    Write-Host "$Task failed: $($_.Exception.Message)" -ForegroundColor Red
    if ($_.InvocationInfo) { Write-Host $_.InvocationInfo.PositionMessage -ForegroundColor DarkGray }
    $code = 1
} finally {
    Pop-Location
}
exit $code
