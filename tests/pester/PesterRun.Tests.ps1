#Requires -Version 7.2
# tests/pester/Invoke-PesterRun.ps1, which build.ps1 test runs in a child pwsh: the summary it writes for the test
# summary at the end of the run, on fixture test files in $TestDrive.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:Runner = Join-Path $PSScriptRoot 'Invoke-PesterRun.ps1'
    $script:PesterManifest = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'

    function script:Invoke-Runner([string] $TestFile) {
        # Runs the runner on one file in a fresh pwsh; returns its exit code, output and the summary (null if none).
        $summary = Join-Path $TestDrive ('summary-{0}.json' -f [guid]::NewGuid().ToString('N'))
        $pwsh = Get-SrmPwshCommand
        $out = & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $Runner -PesterManifest $PesterManifest `
            -TestPath $TestFile -ResultXml (Join-Path $TestDrive 'result.xml') -SummaryJson $summary -Verbosity None 2>&1 |
            ForEach-Object { "$_" }
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = $out -join "`n"
            Summary  = if (Test-Path -LiteralPath $summary) { Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json } else { $null }
        }
    }
}

Describe 'Invoke-PesterRun.ps1' {
    It 'counts and names a failed test with the first line of its message' {
        $file = Join-Path $TestDrive 'OneFails.Tests.ps1'
        @'
Describe 'fixture' {
    It 'passes' { 1 | Should -Be 1 }
    It 'fails' { throw "first line`nsecond line" }
}
'@ | Set-Content -LiteralPath $file
        $run = Invoke-Runner $file
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Summary.Passed | Should -Be 1
        $run.Summary.Failed | Should -Be 1
        @($run.Summary.FailedTests) | Should -Be @('fixture.fails: first line')
    }

    It 'still writes the summary when a BeforeAll fails, naming each test it stopped and why' {
        $file = Join-Path $TestDrive 'SetupFails.Tests.ps1'
        @'
Describe 'fixture' {
    BeforeAll { throw 'the setup failed' }
    It 'one' { 1 | Should -Be 1 }
    It 'two' { 1 | Should -Be 1 }
}
'@ | Set-Content -LiteralPath $file
        $run = Invoke-Runner $file
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Summary | Should -Not -BeNullOrEmpty -Because "a failed BeforeAll must not cost the summary: $($run.Output)"
        $run.Summary.Failed | Should -Be 2
        @($run.Summary.FailedTests) | Should -Be @('fixture.one: the setup failed', 'fixture.two: the setup failed')
    }
}
