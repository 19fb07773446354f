#Requires -Version 7.2
# The test task: build, every xunit project (counts read from its TRX), the Pester suite in a child pwsh (Pester
# restored from NuGet), then the summary whose last line is exactly '<N> passed, <M> failed' (.ci/run relies on it).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'Build.psm1')

function Get-TrxCounts {
    <#
    .SYNOPSIS
    Counts a TRX file's results by outcome (skipped xunit tests are 'NotExecuted') and names each failed test with
    the first line of its message.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
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
        Passed      = $passed
        Failed      = $failed
        Skipped     = $skipped
        FailedTests = $failedNames.ToArray()
        Outcome     = if ($summary) { $summary.GetAttribute('outcome') } else { 'Unknown' }
    }
}

function Invoke-XunitProjects {
    # dotnet test --no-build per project, one TRX each; counts come from the TRX, not the console.
    # Results go to $Suites (nothing is returned, so dotnet's output goes straight to the console).
    param([psobject] $Context, [System.Collections.Generic.List[object]] $Suites)
    $projects = Get-ChildItem -LiteralPath (Join-Path $Context.Root 'tests') -Filter '*.Tests.csproj' -File -Recurse |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Sort-Object Name
    foreach ($project in $projects) {
        $name = $project.BaseName
        Write-Step "xunit: $name"
        $trxName = "$name.trx"
        $trxPath = Join-Path $Context.TestResultsDir $trxName
        $dotnet = Get-DotnetPath
        $testArgs = @('test', $project.FullName, '--no-build', '-c', $Context.Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trxName",
            '--results-directory', $Context.TestResultsDir)
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

function Get-PesterVersion([psobject] $Context) {
    # The one place that pins Pester: the PackageDownload in tests/pester/Pester.Restore.csproj.
    [xml] $project = Get-Content -LiteralPath (Join-Path $Context.Root 'tests' 'pester' 'Pester.Restore.csproj') -Raw
    $node = $project.SelectSingleNode("//PackageDownload[@Include='Pester']")
    if (-not $node) { throw 'tests/pester/Pester.Restore.csproj has no PackageDownload for Pester.' }
    $node.GetAttribute('Version').Trim('[', ']', ' ')
}

function Restore-Pester([psobject] $Context) {
    # Pester comes from NuGet (the PowerShell Gallery is not used): a PackageDownload in Pester.Restore.csproj.
    Write-Step "Restoring Pester $(Get-PesterVersion $Context) from NuGet"
    Invoke-Dotnet restore (Join-Path $Context.Root 'tests' 'pester' 'Pester.Restore.csproj') --nologo --verbosity quiet
}

function Find-PesterManifest([psobject] $Context) {
    # Pester.psd1 inside the restored package (tools/Pester.psd1 in the nupkg), in the NuGet package folder
    # that restore used (NUGET_PACKAGES, nuget.config's globalPackagesFolder or ~/.nuget/packages).
    $restoreProject = Join-Path $Context.Root 'tests' 'pester' 'Pester.Restore.csproj'
    $pesterVersion = Get-PesterVersion $Context
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
    param(
        [psobject] $Context,
        [System.Collections.Generic.List[object]] $Suites,
        [string[]] $PesterPath,
        [string] $Verbosity
    )
    Restore-Pester $Context
    $manifest = Find-PesterManifest $Context
    # From bash, -PesterPath a.Tests.ps1,b.Tests.ps1 arrives as the single string 'a.Tests.ps1,b.Tests.ps1': split it.
    $PesterPath = @($PesterPath | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).ProviderPath } } else { @(Join-Path $Context.Root 'tests' 'pester') }
    $summaryPath = Join-Path $Context.TestResultsDir 'pester-summary.json'
    $xmlPath = Join-Path $Context.TestResultsDir 'pester.xml'
    Write-Step 'Pester (child pwsh)'
    $env:SRMPAIRING_CONFIGURATION = $Context.Configuration
    $runner = Join-Path $Context.Root 'tests' 'pester' 'Invoke-PesterRun.ps1'
    Invoke-ChildPwsh -File $runner -Arguments (@('-PesterManifest', $manifest, '-ResultXml', $xmlPath,
            '-SummaryJson', $summaryPath, '-Verbosity', $Verbosity, '-TestPath', ($paths -join [System.IO.Path]::PathSeparator)))
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

function Write-TestSummary {
    <#
    .SYNOPSIS
    A line per suite, each failed test named under its suite, and last exactly '<N> passed, <M> failed'.
    Returns the number of failures.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $Suites,
        [Parameter(Mandatory)] [string] $Heading
    )
    $passed = 0; $failed = 0
    Write-Host ''
    Write-Host $Heading
    foreach ($s in $Suites) {
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
    $failed
}

function Invoke-TestTask {
    <#
    .SYNOPSIS
    Builds, runs the xunit projects and the Pester suite and prints the summary; sets $Context.ExitCode.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Context,
        [string[]] $PesterPath,
        [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $PesterVerbosity = 'Detailed',
        [switch] $SkipXunit,
        [switch] $SkipPester
    )
    $suites = [System.Collections.Generic.List[object]]::new()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        Invoke-BuildTask -Context $Context
        $built = $true
    } catch {
        Write-Host "BUILD FAILED: $($_.Exception.Message)" -ForegroundColor Red
        $suites.Add([pscustomobject]@{ Suite = 'build'; Passed = 0; Failed = 1; Skipped = 0; Note = 'build failed' })
        $built = $false
    }
    Write-Host ("build: {0:n1} s" -f $clock.Elapsed.TotalSeconds)

    if ($built) {
        $results = $Context.TestResultsDir
        if (Test-Path -LiteralPath $results) { Remove-Item -LiteralPath $results -Recurse -Force }
        New-Item -ItemType Directory -Force -Path $results | Out-Null
        if (-not $SkipXunit) {
            try { Invoke-XunitProjects -Context $Context -Suites $suites }
            catch {
                Write-Host "xunit step failed: $($_.Exception.Message)" -ForegroundColor Red
                $suites.Add([pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Note = $_.Exception.Message })
            }
        }
        if (-not $SkipPester) {
            try { Invoke-PesterSuite -Context $Context -Suites $suites -PesterPath $PesterPath -Verbosity $PesterVerbosity }
            catch {
                Write-Host "Pester step failed: $($_.Exception.Message)" -ForegroundColor Red
                $suites.Add([pscustomobject]@{ Suite = 'pester'; Passed = 0; Failed = 1; Skipped = 0; Note = $_.Exception.Message })
            }
        }
    }

    $heading = "Test summary ({0:n1} s; results in {1})" -f $clock.Elapsed.TotalSeconds,
        [System.IO.Path]::GetRelativePath($Context.Root, $Context.TestResultsDir)
    $failed = Write-TestSummary -Suites $suites -Heading $heading
    $Context.ExitCode = if ($failed -gt 0) { 1 } else { 0 }
}

Export-ModuleMember -Function Invoke-TestTask, Get-TrxCounts, Write-TestSummary
