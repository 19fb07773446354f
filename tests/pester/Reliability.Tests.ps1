BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 1500
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    function script:Add-Fault([hashtable] $Rule) {
        Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Post -Body $Rule | Out-Null
    }
    function script:Get-Count([string] $Endpoint) { Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $Endpoint }
    function script:Connect-Test([hashtable] $Extra = @{}) {
        Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -RetryIntervalSec 1 @Extra
    }
    # Each Describe starts from a reset simulator and its own connection, and leaves no fault behind.
    function script:Reset-Test {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-Test
    }
    function script:Clear-Test {
        Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Delete | Out-Null
        Disconnect-SrmServer -Connection $conn -ErrorAction SilentlyContinue
    }
    function script:New-Pairing($Site) {
        New-SrmPairing -RemotePscUrl $Site.PscUrl -RemoteVcGuid $Site.VcGuid -RemoteCredential $cred
    }
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Transient faults' {
    BeforeEach { Reset-Test }
    AfterEach { Clear-Test }

    It 'repeats a GET after <Name> and succeeds' -ForEach @(
        @{ Name = 'two 503s'; Rules = @(@{ kind = 'status'; status = 503; count = 2 }); Failures = 2 }
        @{ Name = 'a 502 HTML page and a 504'; Rules = @(@{ kind = 'html'; status = 502; count = 1 }, @{ kind = 'status'; status = 504; count = 1 }); Failures = 2 }
        @{ Name = 'a 429 with Retry-After'; Rules = @(@{ kind = 'status'; status = 429; retry_after = 1; count = 1 }); Failures = 1 }
        @{ Name = 'a 408'; Rules = @(@{ kind = 'status'; status = 408; count = 1 }); Failures = 1 }
        @{ Name = 'a dropped connection'; Rules = @(@{ kind = 'drop'; when = 'before'; count = 1 }); Failures = 1 }
    ) {
        $task = New-Pairing $b
        $before = Get-Count 'GET /tasks/{taskId}'
        foreach ($r in $Rules) { $r.endpoint = 'GET /tasks/{taskId}'; Add-Fault $r }
        (Get-SrmTask -Id $task.Id).Id | Should -Be $task.Id
        (Get-Count 'GET /tasks/{taskId}') - $before | Should -Be ($Failures + 1)
    }

    It 'gives up after -MaximumRetryCount with an error that carries the server''s message and op_id' {
        $strict = Connect-Test @{ MaximumRetryCount = 1; NotDefault = $true }
        $task = New-Pairing $b
        Add-Fault @{ kind = 'status'; status = 503; endpoint = 'GET /tasks/{taskId}' }
        $before = Get-Count 'GET /tasks/{taskId}'
        $err = Get-ErrorRecord { Get-SrmTask -Id $task.Id -Connection $strict }
        Assert-SrmError $err[-1] -ErrorId SrmServiceUnavailable -Category ResourceUnavailable
        "$($err[-1])" | Should -Match 'op_id [0-9a-f-]{36}'
        "$($err[-1])" | Should -BeLike '*Service Unavailable*'
        (Get-Count 'GET /tasks/{taskId}') - $before | Should -Be 2
        Disconnect-SrmServer -Connection $strict
    }

    It 'maps <Status> to <Id> (<Category>)' -ForEach @(
        @{ Status = 400; Id = 'SrmBadRequest'; Category = 'InvalidArgument' }
        @{ Status = 403; Id = 'SrmPermissionDenied'; Category = 'PermissionDenied' }
        @{ Status = 500; Id = 'SrmServerError'; Category = 'InvalidResult' }
    ) {
        Add-Fault @{ kind = 'status'; status = $Status; endpoint = 'GET /pairings'; count = 1 }
        $err = Get-ErrorRecord { Get-SrmPairing }
        Assert-SrmError $err[-1] -ErrorId $Id -Category $Category
        "$($err[-1])" | Should -Match "GET /pairings .* $Status .*\(error_code \w+, op_id [0-9a-f-]{36}\)"
    }

    It 'reports a garbled body as SrmInvalidResponse (InvalidData) and an HTML page without its markup' {
        Add-Fault @{ kind = 'malformed'; endpoint = 'GET /pairings'; count = 1 }
        Assert-SrmError (Get-ErrorRecord { Get-SrmPairing })[-1] -ErrorId SrmInvalidResponse -Category InvalidData
        $strict = Connect-Test @{ MaximumRetryCount = 0; NotDefault = $true }
        Add-Fault @{ kind = 'html'; status = 502; endpoint = 'GET /pairings'; count = 1 }
        $err = Get-ErrorRecord { Get-SrmPairing -Connection $strict }
        Assert-SrmError $err[-1] -ErrorId SrmServiceUnavailable -Category ResourceUnavailable
        "$($err[-1])" | Should -Not -BeLike '*<html*'
        Disconnect-SrmServer -Connection $strict
    }

    It 'times out a request after -TimeoutSec (OperationTimeout)' {
        $quick = Connect-Test @{ TimeoutSec = 1; MaximumRetryCount = 0; NotDefault = $true }
        Add-Fault @{ kind = 'latency'; ms = 5000; endpoint = 'GET /pairings'; count = 1 }
        $err = Get-ErrorRecord { Get-SrmPairing -Connection $quick }
        Assert-SrmError $err[-1] -ErrorId SrmRequestTimeout -Category OperationTimeout
        Disconnect-SrmServer -Connection $quick
    }

    It 'keeps waiting when polls fail for a while, with a warning' {
        $strict = Connect-Test @{ MaximumRetryCount = 0; NotDefault = $true }
        $tasks = @(
            New-SrmPairing -Connection $strict -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
            New-SrmPairing -Connection $strict -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
        )
        Add-Fault @{ kind = 'status'; status = 503; endpoint = 'GET /tasks'; count = 2 }
        $done = $tasks | Wait-SrmTask -WarningVariable warnings -WarningAction SilentlyContinue
        $done.Status | Should -Be @('SUCCESS', 'SUCCESS')
        @($warnings).Count | Should -Be 2
        "$($warnings[0])" | Should -BeLike '*next round*'
        Disconnect-SrmServer -Connection $strict
    }
}

Describe '-Debug' {
    BeforeAll { Reset-Test }
    AfterAll { Clear-Test }

    It 'traces each request with method, path, status, time taken and, on failure, the op_id' {
        Add-Fault @{ kind = 'status'; status = 400; endpoint = 'GET /pairings'; count = 1 }
        $debug = & { $DebugPreference = 'Continue'; Get-SrmPairing -ErrorAction SilentlyContinue; Get-SrmPairing -IncludeSelf } 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        @($debug | Where-Object { $_ -match '^GET /pairings -> 400 Bad Request in \d+ ms \(op_id [0-9a-f-]{36}\)$' }).Count | Should -Be 1
        @($debug | Where-Object { $_ -match '^GET /pairings -> 200 OK in \d+ ms$' }).Count | Should -Be 1
    }

    It 'traces with the -Debug switch alone, and not with -Debug:$false' {
        $debug = & { $DebugPreference = 'SilentlyContinue'; Get-SrmPairing -IncludeSelf -Debug } 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        @($debug | Where-Object { $_ -match '^GET /pairings -> 200 OK in \d+ ms$' }).Count | Should -Be 1
        $none = & { $DebugPreference = 'Continue'; Get-SrmPairing -IncludeSelf -Debug:$false } 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $none | Should -BeNullOrEmpty
    }
}

Describe 'POST /pairings is never sent twice' {
    BeforeEach { Reset-Test }
    AfterEach { Clear-Test }

    It 'finds the task when the connection drops after the server acted, and says so' {
        Add-Fault @{ kind = 'drop'; when = 'after'; endpoint = 'POST /pairings'; count = 1 }
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred -WarningVariable warnings -WarningAction SilentlyContinue
        Get-Count 'POST /pairings' | Should -Be 1
        $task | Should -BeOfType 'Srm.Client.Models.SrmTask'
        "$warnings" | Should -BeLike "*answer to POST /pairings was lost*task $($task.Id)*not sent again*"
        ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).tasks | Should -Be 1
    }

    It 'says the request did not take effect when the connection dropped before the server acted' {
        Add-Fault @{ kind = 'drop'; when = 'before'; endpoint = 'POST /pairings'; count = 1 }
        $err = Get-ErrorRecord { New-Pairing $b }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionFailed -Category ConnectionError
        "$($err[-1])" | Should -BeLike '*did not take effect*safe to try again*'
        Get-Count 'POST /pairings' | Should -Be 1
        (Invoke-SrmSimulatorControl -Simulator $sim -Path stats).tasks | Should -Be 0
    }

    It 'finds the task behind a garbled 202' {
        Add-Fault @{ kind = 'malformed'; endpoint = 'POST /pairings'; count = 1 }
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred -WarningAction SilentlyContinue
        $task.Id | Should -Not -BeNullOrEmpty
        Get-Count 'POST /pairings' | Should -Be 1
    }

    It 'does not look around after a plain 500: the server said it failed' {
        Add-Fault @{ kind = 'status'; status = 500; endpoint = 'POST /pairings'; count = 1 }
        $tasksBefore = Get-Count 'GET /tasks'
        $err = Get-ErrorRecord { New-Pairing $b }
        Assert-SrmError $err[-1] -ErrorId SrmServerError -Category InvalidResult
        Get-Count 'POST /pairings' | Should -Be 1
        (Get-Count 'GET /tasks') - $tasksBefore | Should -Be 0
    }
}

Describe 'Expired sessions' {
    BeforeEach { Reset-Test }
    AfterEach { Clear-Test }

    It 'logs in again once and goes on, in the middle of a wait' {
        $task = New-Pairing $b
        $logins = Get-Count 'POST /session'
        Invoke-SrmSimulatorControl -Simulator $sim -Path sessions/expire -Method Post | Out-Null
        ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        (Get-Count 'POST /session') - $logins | Should -Be 1
    }

    It 'reports an AuthenticationError when logging in again is refused' {
        Invoke-SrmSimulatorControl -Simulator $sim -Path sessions/expire -Method Post | Out-Null
        Add-Fault @{ kind = 'status'; status = 401; endpoint = 'POST /session' }
        $err = Get-ErrorRecord { Get-SrmPairing }
        Assert-SrmError $err[-1] -ErrorId SrmAuthenticationFailed -Category AuthenticationError
        "$($err[-1])" | Should -BeLike '*expired*logging in again*failed*'
    }

    It 'forgets the credential on Disconnect-SrmServer' {
        Disconnect-SrmServer -Connection $conn
        $logins = Get-Count 'POST /session'
        $err = Get-ErrorRecord { Get-SrmPairing -Connection $conn }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionClosed -Category ConnectionError
        Get-Count 'POST /session' | Should -Be $logins
    }
}

Describe 'The appliance''s rate limit' {
    BeforeAll {
        $script:limited = Start-SrmSimulator -TaskDurationMs 500 -ExtraArgs '--session-rate-limit', '4'
    }
    AfterAll {
        Stop-SrmSimulator -Simulator $script:limited
    }

    It 'maps a 429 from the appliance to SrmRateLimited (LimitsExceeded) when the client limiter is off' {
        $raw = Connect-SrmServer -Server $limited.Server -Credential $cred -CertificateThumbprint $limited.Thumbprint -NotDefault `
            -MaxRequestsPerMinute 0 -MaximumRetryCount 0
        # The session has 4 requests a minute; GET /server/info used one.
        $err = Get-ErrorRecord { 1..4 | ForEach-Object { Get-SrmPairing -Connection $raw | Out-Null } }
        @($err).Count | Should -Be 1
        Assert-SrmError $err[-1] -ErrorId SrmRateLimited -Category LimitsExceeded
        "$($err[-1])" | Should -BeLike '*429*'
        (Invoke-SrmSimulatorControl -Simulator $limited -Path stats).rate_limited | Should -Be 1
    }

    It 'never lets the appliance refuse a request: the client-side limiter holds it back instead' {
        Invoke-SrmSimulatorControl -Simulator $limited -Path reset -Method Post | Out-Null
        $kept = Connect-SrmServer -Server $limited.Server -Credential $cred -CertificateThumbprint $limited.Thumbprint -NotDefault -MaxRequestsPerMinute 4
        Get-SrmPairing -Connection $kept | Out-Null
        Get-SrmPairing -Connection $kept | Out-Null
        $ps = [powershell]::Create()
        try {
            # One script, not a batch of statements: PowerShell crashes when a stopped batch is disposed.
            $null = $ps.AddScript("param(`$c) Import-Module '$(Get-SrmModulePath)'; Get-SrmPairing -Connection `$c").AddArgument($kept)
            $async = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $async.IsCompleted | Should -BeFalse -Because 'the fifth request of the minute waits on the client'
            $ps.Stop()
        } finally {
            $ps.Dispose()
        }
        $stats = Invoke-SrmSimulatorControl -Simulator $limited -Path stats
        $stats.rate_limited | Should -Be 0
        $stats.requests | Should -Be 4
    }
}
