BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    # Tasks that take ten minutes: anything that returns early was stopped, not finished.
    $script:sim = Start-SrmSimulator -TaskDurationMs 600000
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
    $script:task = New-SrmPairing -Connection $conn -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred

    # Runs a command in its own runspace, as the shell does, and stops it the way Ctrl+C does.
    function script:Stop-AfterStart {
        param([scriptblock] $Command, [object[]] $Arguments, [int] $AfterMs = 1500)
        $ps = [powershell]::Create()
        try {
            # One script, not a batch of statements: PowerShell crashes when a stopped batch is disposed.
            $null = $ps.AddScript("Import-Module '$(Get-SrmModulePath)'; & { $Command } @args")
            foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds $AfterMs
            $running = -not $async.IsCompleted
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            [pscustomobject]@{ WasRunning = $running; StopSeconds = $watch.Elapsed.TotalSeconds; State = $ps.InvocationStateInfo.State }
        } finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    Disconnect-SrmServer -Connection $script:conn -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Stopping a cmdlet (Ctrl+C)' {
    It 'stops Wait-SrmTask at once and leaves no polling behind' {
        $result = Stop-AfterStart -Command { param($t) $t | Wait-SrmTask } -Arguments $task
        $result.WasRunning | Should -BeTrue -Because 'the task takes ten minutes'
        $result.State | Should -Be 'Stopped'
        # Generous bound: a wait that ignored the stop would run until the task ends, ten minutes away.
        $result.StopSeconds | Should -BeLessThan 5

        $before = (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests
        Start-Sleep -Seconds 5   # more than two poll intervals
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).requests | Should -Be $before -Because 'nothing may poll after the stop'
    }

    It 'stops a request the server is slow to answer' {
        Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Post -Body @{ kind = 'latency'; ms = 60000; endpoint = 'GET /pairings'; count = 1 } | Out-Null
        try {
            $result = Stop-AfterStart -Command { param($c) Get-SrmPairing -Connection $c } -Arguments $conn
            $result.WasRunning | Should -BeTrue -Because 'the answer takes a minute'
            $result.State | Should -Be 'Stopped'
            $result.StopSeconds | Should -BeLessThan 5
        } finally {
            Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Delete | Out-Null
        }
    }

    It 'stops a wait that is held back by the client-side rate limit' {
        # Connecting spends the budget of a minute (POST /session, GET /server/info): the wait's first poll waits
        # for the limiter. (The connection is not closed afterwards: that would wait for the limiter too.)
        $slow = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 2
        $result = Stop-AfterStart -Command { param($c, $id) Wait-SrmTask -Id $id -Connection $c } -Arguments $slow, $task.Id
        $result.WasRunning | Should -BeTrue
        $result.State | Should -Be 'Stopped'
        $result.StopSeconds | Should -BeLessThan 5
    }
}
