BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    $alternatives = Get-SrmSpecAlternative
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 500
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    function script:Get-RequestCount([string] $Endpoint) { Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $Endpoint }
    function script:New-PairingB {
        param([hashtable] $Override = @{})
        $p = @{
            RemotePscUrl        = $b.PscUrl
            RemotePscThumbprint = $b.PscThumbprint
            RemoteVcGuid        = $b.VcGuid
            RemoteCredential    = $cred
        }
        foreach ($k in $Override.Keys) { $p[$k] = $Override[$k] }
        New-SrmPairing @p
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'New-SrmPairing' {
    BeforeEach {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    }

    AfterEach {
        Disconnect-SrmServer -Connection $conn -ErrorAction SilentlyContinue
    }

    It 'sends POST /pairings and emits a typed task that carries its connection' {
        $task = New-PairingB
        $task | Should -BeOfType 'SrmPairing.Models.SrmTask'
        $task.Id | Should -Not -BeNullOrEmpty
        $task.Status | Should -BeIn 'QUEUED', 'RUNNING'
        $task.Description | Should -BeLike '*vc-b.example.com*'
        $task.Connection | Should -Be $conn
        Get-RequestCount 'POST /pairings' | Should -Be 1
    }

    It 'pairs end to end: the task succeeds and the pairing appears in Get-SrmPairing' {
        $done = New-PairingB -Override @{ RemoteSrmUrl = $b.SrmUrl; RemoteSrmThumbprint = $b.SrmThumbprint } | Wait-SrmTask
        $done.Status | Should -Be 'SUCCESS'
        $pairing = Get-SrmPairing
        @($pairing).Count | Should -Be 1
        $pairing.RemoteVcServer.Id | Should -Be $b.VcGuid
        $pairing.RemoteSrmServer.Name | Should -Be 'srm-b.example.com'
    }

    It 'pairs end to end under <Name>' -ForEach $alternatives {
        Set-SrmSimulatorAlternative -Simulator $sim -Alternatives $Alternatives
        try {
            $task = New-PairingB
            $task | Should -BeOfType 'SrmPairing.Models.SrmTask'
            $task.Connection | Should -Be $conn
            $done = $task | Wait-SrmTask
            $done.Status | Should -Be 'SUCCESS'
            $done.Pairing.RemoteVcGuid | Should -Be $b.VcGuid
            (Get-SrmPairing).PairingId | Should -Be $done.Pairing.PairingId
        } finally {
            Set-SrmSimulatorAlternative -Simulator $sim
        }
    }

    It 'binds by property name with the API''s own column names, so a CSV of sites pipes in' {
        $csv = Join-Path $TestDrive 'sites.csv'
        @(
            [pscustomobject]@{ url = $b.PscUrl; port = 443; thumbprint = $b.PscThumbprint; pair_vc_guid = $b.VcGuid; pair_srm_url = $b.SrmUrl; pair_srm_thumbprint = $b.SrmThumbprint }
            [pscustomobject]@{ url = $c.PscUrl; port = 443; thumbprint = $c.PscThumbprint; pair_vc_guid = $c.VcGuid; pair_srm_url = ''; pair_srm_thumbprint = '' }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $done = Import-Csv -LiteralPath $csv | New-SrmPairing -RemoteCredential $cred | Wait-SrmTask
        @($done).Count | Should -Be 2
        $done.Status | Should -Be @('SUCCESS', 'SUCCESS')
        (Get-SrmPairing).RemoteVcServer.Id | Sort-Object | Should -Be (@($b.VcGuid, $c.VcGuid) | Sort-Object)
    }

    It 'binds by the parameter names too (RemotePscUrl, RemoteVcGuid, ...)' {
        $row = [pscustomobject]@{ RemotePscUrl = $b.PscUrl; RemotePscPort = 443; RemoteVcGuid = $b.VcGuid; RemotePscThumbprint = $b.PscThumbprint }
        ($row | New-SrmPairing -RemoteCredential $cred | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'checks existing pairings once per pipeline, not once per row' {
        $before = Get-RequestCount 'GET /pairings'
        @(
            [pscustomobject]@{ url = $b.PscUrl; pair_vc_guid = $b.VcGuid }
            [pscustomobject]@{ url = $c.PscUrl; pair_vc_guid = $c.VcGuid }
        ) | New-SrmPairing -RemoteCredential $cred | Out-Null
        (Get-RequestCount 'GET /pairings') - $before | Should -Be 1
        Get-RequestCount 'POST /pairings' | Should -Be 2
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-RequestCount
        New-PairingB -Override @{ WhatIf = $true } | Should -BeNullOrEmpty
        Get-RequestCount | Should -Be $before
    }

    It 'refuses a vCenter it is already paired with, naming the existing pairing, without POSTing' {
        New-PairingB | Wait-SrmTask | Out-Null
        $pairingId = (Get-SrmPairing).PairingId
        $err = Get-ErrorRecord { New-PairingB }
        Assert-SrmError $err[-1] -ErrorId SrmAlreadyPaired -Category ResourceExists
        "$($err[-1])" | Should -BeLike "*$pairingId*"
        Get-RequestCount 'POST /pairings' | Should -Be 1
    }

    It 'refuses a second row for the same vCenter in one pipeline' {
        $rows = 1..2 | ForEach-Object { [pscustomobject]@{ url = $b.PscUrl; pair_vc_guid = $b.VcGuid } }
        $err = Get-ErrorRecord { $rows | New-SrmPairing -RemoteCredential $cred | Out-Null }
        Assert-SrmError $err[-1] -ErrorId SrmPairingAlreadyStarted -Category ResourceExists
    }

    It 'refuses to pair the site with its own vCenter before sending anything' {
        $before = Get-RequestCount
        $err = Get-ErrorRecord { New-PairingB -Override @{ RemoteVcGuid = $conn.VcGuid } }
        Assert-SrmError $err[-1] -ErrorId SrmCannotPairWithSelf -Category InvalidArgument
        Get-RequestCount | Should -Be $before
    }

    # Parameter validation is PowerShell's own: ParameterArgumentValidationError, category InvalidData.
    It 'refuses <Name> before sending anything' -ForEach @(
        @{ Name = 'a blank PSC URL'; Override = @{ RemotePscUrl = '   ' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'a blank vCenter GUID'; Override = @{ RemoteVcGuid = ' ' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'port 0'; Override = @{ RemotePscPort = 0 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'port 65536'; Override = @{ RemotePscPort = 65536 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'an SRM URL without its thumbprint'; Override = @{ RemoteSrmUrl = 'srm-b.example.com' }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
        @{ Name = 'an SRM thumbprint without its URL'; Override = @{ RemoteSrmThumbprint = 'AA:BB' }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
    ) {
        $before = Get-RequestCount
        $err = Get-ErrorRecord { New-PairingB -Override $Override }
        Assert-SrmError $err[-1] -ErrorId $Id -Category $Category
        Get-RequestCount | Should -Be $before
    }

    It 'writes an error for a CSV row that fails validation and goes on with the others' {
        $rows = @(
            [pscustomobject]@{ url = $b.PscUrl; pair_vc_guid = $b.VcGuid; pair_srm_url = 'srm-b.example.com'; pair_srm_thumbprint = '' }
            [pscustomobject]@{ url = $c.PscUrl; pair_vc_guid = $c.VcGuid }
        )
        $tasks = $rows | New-SrmPairing -RemoteCredential $cred -ErrorVariable ev -ErrorAction SilentlyContinue
        @($tasks).Count | Should -Be 1
        Assert-SrmError $ev[0] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
        ($tasks | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'fails with SrmNotConnected when there is no connection' {
        Disconnect-SrmServer
        $err = Get-ErrorRecord { New-PairingB }
        Assert-SrmError $err[-1] -ErrorId SrmNotConnected -Category ConnectionError
    }
}

Describe 'Pairing failures reported by the server end the task in ERROR' {
    BeforeAll {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $script:wrongCred = Get-SrmTestCredential -Password 'not-the-password'
    }

    It '<Name>' -ForEach @(
        @{ Name = 'wrong remote credentials'; Override = @{ RemoteCredential = 'WRONG' }; Message = '*user name or password*' }
        @{ Name = 'an unknown vCenter GUID'; Override = @{ RemoteVcGuid = '00000000-1111-2222-3333-444444444444' }; Message = '*00000000-1111-2222-3333-444444444444*' }
        @{ Name = 'a PSC thumbprint mismatch'; Override = @{ RemotePscThumbprint = ('12:' * 19) + '12' }; Message = '*thumbprint*' }
        @{ Name = 'an SRM URL mismatch'; Override = @{ RemoteSrmUrl = 'srm-x.example.com'; RemoteSrmThumbprint = 'SRMTP' }; Message = '*SRM*' }
        @{ Name = 'an SRM thumbprint mismatch'; Override = @{ RemoteSrmUrl = 'srm-b.example.com'; RemoteSrmThumbprint = ('34:' * 19) + '34' }; Message = '*thumbprint*' }
    ) {
        $o = $Override.Clone()
        if ($o['RemoteCredential'] -eq 'WRONG') { $o['RemoteCredential'] = $wrongCred }
        if ($o['RemoteSrmThumbprint'] -eq 'SRMTP') { $o['RemoteSrmThumbprint'] = $b.SrmThumbprint }
        $task = New-PairingB -Override $o
        $final = $task | Wait-SrmTask -ErrorVariable ev -ErrorAction SilentlyContinue
        $final.Status | Should -Be 'ERROR'
        $final.Error.Message | Should -BeLike $Message
        Assert-SrmError $ev[0] -ErrorId SrmTaskFailed -Category InvalidResult
        "$($ev[0])" | Should -BeLike $Message
        $ev[0].TargetObject.Id | Should -Be $task.Id
        $ev[0].TargetObject.Status | Should -Be 'ERROR'
    }
}
