BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 400
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    $script:t1 = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
    $script:t2 = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Get-SrmTask' {
    It 'lists the recent tasks without -Id' {
        $all = Get-SrmTask
        $all.Id | Should -Contain $t1.Id
        $all.Id | Should -Contain $t2.Id
        $all | ForEach-Object { $_ | Should -BeOfType 'SrmPairing.Models.SrmTask' }
    }

    It 'gets tasks by id, positionally, from the pipeline and by property name' {
        (Get-SrmTask $t1.Id).Id | Should -Be $t1.Id
        (Get-SrmTask -Id $t1.Id, $t2.Id).Id | Should -Be @($t1.Id, $t2.Id)
        ($t2 | Get-SrmTask).Id | Should -Be $t2.Id
        ($t1.Id | Get-SrmTask).Id | Should -Be $t1.Id
    }

    It 'feeds Wait-SrmTask: Get-SrmTask | Where-Object Status -ne SUCCESS | Wait-SrmTask' {
        $done = Get-SrmTask | Where-Object Status -ne 'SUCCESS' | Wait-SrmTask
        Get-SrmTask | ForEach-Object { $_.Status | Should -Be 'SUCCESS' }
    }

    It 'maps null times to null and epoch milliseconds to DateTimeOffset' {
        $t = Get-SrmTask -Id $t1.Id
        $t.QueuedTime | Should -BeOfType [DateTimeOffset]
        $t.QueuedTime.Year | Should -Be (Get-Date).ToUniversalTime().Year
    }

    It 'writes SrmNotFound (ObjectNotFound) for an unknown id' {
        $err = Get-ErrorRecord { Get-SrmTask -Id 'no-such-task' }
        Assert-SrmError $err[-1] -ErrorId SrmNotFound -Category ObjectNotFound
        $err[-1].TargetObject | Should -Be 'no-such-task'
    }

    It 'logs in again by itself when the session has expired' {
        $other = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
        $err = Get-ErrorRecord { Get-SrmTask -Connection $other | Out-Null }
        $err | Should -BeNullOrEmpty
        (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session') - $logins | Should -Be 1
    }
}
