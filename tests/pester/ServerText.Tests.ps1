#Requires -Version 7.2
# Text from the server on the console: control characters made visible in error messages and format views (the
# objects keep the raw text); one wording for an unknown task id; the server's own word for an unknown status.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    # Tasks run for a minute, so that the test ends them itself.
    $script:sim = Start-SrmSimulator -TaskDurationMs 60000
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint

    # A server message that would clear the screen and print a line that looks like PowerShell's own.
    $script:hostile = "Boom `e[2J`r`nVERBOSE: fake"
    $script:controls = '[\x00-\x1f\x7f-\x9f]'
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'A task that failed with control characters in its message' {
    BeforeAll {
        $task = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
        Invoke-SrmSimulatorControl -Simulator $sim -Path "tasks/$($task.Id)/fail" -Method Post -Body @{ message = $hostile; details = "see `e[31mred`e[0m" } | Out-Null
        $script:done = $task | Wait-SrmTask -ErrorVariable waitErrors -ErrorAction SilentlyContinue
        $script:waitErrors = $waitErrors
        $script:savedRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
    }
    AfterAll {
        $PSStyle.OutputRendering = $script:savedRendering
    }

    It 'writes SrmTaskFailed with the message on one line, escape shown as a symbol' {
        $waitErrors.Count | Should -Be 1
        Assert-SrmError $waitErrors[0] -ErrorId SrmTaskFailed -Category InvalidResult
        foreach ($text in "$($waitErrors[0])", $waitErrors[0].Exception.Message) {
            $text | Should -Not -Match $controls
            $text | Should -Match ([regex]::Escape("Boom $([char] 0x241B)[2J$([char] 0x240D)$([char] 0x240A)VERBOSE: fake"))
        }
    }

    It 'keeps the raw text in the task' {
        $done.Error.Message | Should -BeExactly $hostile
        $waitErrors[0].TargetObject.Error.Message | Should -BeExactly $hostile
    }

    It 'shows no control character in the table and list views, nor in the error object''s view' {
        foreach ($view in { $done | Format-Table }, { $done | Format-List }, { $done.Error }) {
            $text = & $view | Out-String -Width 200
            ($text -replace '\r?\n', '') | Should -Not -Match $controls -Because "$view"
            $text -split '\r?\n' | Where-Object { $_ -like 'VERBOSE:*' } | Should -BeNullOrEmpty
        }
        ($done | Format-List | Out-String -Width 200) | Should -Match ('Error\s*: ' + [regex]::Escape("Boom $([char] 0x241B)[2J"))
    }
}

Describe 'An unknown task id' {
    It 'is worded the same by Get-SrmTask and Wait-SrmTask' {
        $get = (Get-ErrorRecord { Get-SrmTask -Id 'no-such-task' })[-1]
        $wait = (Get-ErrorRecord { Wait-SrmTask -Id 'no-such-task' })[-1]
        foreach ($e in $get, $wait) {
            Assert-SrmError $e -ErrorId SrmNotFound -Category ObjectNotFound
            $e.TargetObject | Should -Be 'no-such-task'
        }
        "$wait" | Should -BeExactly "$get"
        "$get" | Should -BeLike "Task no-such-task was not found on $($conn)*"
    }
}

Describe 'A timeout on a status the module does not know' {
    It 'names the server''s word (made safe to show), not UNKNOWN' {
        $task = [Srm.Client.Models.SrmTask]::new('t-odd', 'UNKNOWN')
        $task.GetType().GetProperty('RawStatus').SetValue($task, "PAUSED`e[2J")
        $errors = [Srm.PowerShell.Commands.WaitSrmTaskCommand].Assembly.GetType('Srm.PowerShell.Commands.SrmErrors', $true)
        $method = $errors.GetMethod('TaskTimedOut', [System.Reflection.BindingFlags] 'NonPublic, Static')
        $record = $method.Invoke($null, @('t-odd', $task, [TimeSpan]::FromSeconds(5)))
        $record.Exception.Message | Should -Match ([regex]::Escape("it was PAUSED$([char] 0x241B)[2J at 0%"))
        $record.Exception.Message | Should -Not -Match 'UNKNOWN'
    }
}

Describe 'Wait-SrmTask -Timeout' {
    It 'has no -TimeoutSec alias: that name means the per-request timeout everywhere else' {
        (Get-Command Wait-SrmTask).Parameters['Timeout'].Aliases | Should -Not -Contain 'TimeoutSec'
        { Wait-SrmTask -Id 'x' -TimeoutSec 5 } | Should -Throw -ErrorId 'NamedParameterNotFound,Srm.PowerShell.Commands.WaitSrmTaskCommand'
    }
}

Describe 'Names from the server with control characters' {
    BeforeAll {
        # A site whose vCenter names hold an escape sequence and a line break (the SRM name is the simulator's
        # certificate name, which must stay a host name).
        $sites = Get-Content -LiteralPath (Join-Path (Get-SrmRepoRoot) 'src' 'SrmPairing.Simulator' 'sites.example.json') -Raw | ConvertFrom-Json
        $sites.local.vc_name = "vc-a`e[2J`r`nVERBOSE: fake"
        ($sites.remote_sites | Where-Object vc_name -eq 'vc-b.example.com').vc_name = "vc-b`e[31m.example.com"
        $file = Join-Path $TestDrive 'hostile-names.json'
        $sites | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file
        $script:odd = Start-SrmSimulator -TaskDurationMs 100 -SitesFile $file
        $script:savedRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
    }
    AfterAll {
        $PSStyle.OutputRendering = $script:savedRendering
        Stop-SrmSimulator -Simulator $script:odd
    }

    It 'shows them safely in verbose and debug lines, keeping them raw in the objects' {
        $records = Connect-SrmServer -Server $odd.Server -Credential $cred -CertificateThumbprint $odd.Thumbprint -NotDefault -Verbose 4>&1
        $script:oddConn = $records | Where-Object { $_ -is [Srm.Client.Models.SrmConnection] }
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $connected = @($verbose | Where-Object Message -like 'Connected to SRM *')
        $connected.Count | Should -Be 1
        $connected[0].Message | Should -Not -Match $controls
        $connected[0].Message | Should -Match ([regex]::Escape("vc-a$([char] 0x241B)[2J$([char] 0x240D)$([char] 0x240A)VERBOSE: fake"))
        $oddConn.VcName | Should -BeExactly "vc-a`e[2J`r`nVERBOSE: fake"
        foreach ($view in { $oddConn | Format-Table }, { $oddConn | Format-List }) {
            (& $view | Out-String -Width 200) -replace '\r?\n', '' | Should -Not -Match $controls -Because "$view"
        }
    }

    It 'shows them safely in the pairing views' {
        $site = Get-SrmSimulatorSite vc-b
        New-SrmPairing -Connection $oddConn -RemotePscUrl $site.PscUrl -RemoteVcGuid $site.VcGuid -RemoteCredential $cred -Debug 5>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.DebugRecord]) { $_.Message | Should -Not -Match $controls } else { $_ } } |
            Wait-SrmTask | Out-Null
        $pairing = Get-SrmPairing -Connection $oddConn -RemoteVcGuid $site.VcGuid
        $pairing.RemoteVcServer.Name | Should -BeExactly "vc-b`e[31m.example.com"
        foreach ($view in { $pairing | Format-Table }, { $pairing | Format-List }) {
            (& $view | Out-String -Width 200) -replace '\r?\n', '' | Should -Not -Match $controls -Because "$view"
        }
        ($pairing | Format-Table | Out-String -Width 200) | Should -Match ([regex]::Escape("vc-b$([char] 0x241B)[31m.example.com"))
        Disconnect-SrmServer -Connection $oddConn
    }
}
