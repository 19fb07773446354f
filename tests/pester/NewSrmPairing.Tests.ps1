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
        $task | Should -BeOfType 'Srm.Client.Models.SrmTask'
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
            $task | Should -BeOfType 'Srm.Client.Models.SrmTask'
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

    It 'sends nothing with -WhatIf but the one read of the existing pairings' {
        $before = Get-RequestCount
        $beforeRead = Get-RequestCount 'GET /pairings'
        New-PairingB -Override @{ WhatIf = $true } | Should -BeNullOrEmpty
        (Get-RequestCount 'GET /pairings') - $beforeRead | Should -Be 1
        (Get-RequestCount) - $before | Should -Be 1
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
        @{ Name = 'port 0'; Override = @{ RemotePscPort = 0 }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
        @{ Name = 'port 65536'; Override = @{ RemotePscPort = 65536 }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
        @{ Name = 'an SRM URL without its thumbprint'; Override = @{ RemoteSrmUrl = 'srm-b.example.com' }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
        @{ Name = 'an SRM thumbprint without its URL'; Override = @{ RemoteSrmThumbprint = 'AA:BB' }; Id = 'SrmInvalidPairingSpec'; Category = 'InvalidArgument' }
    ) {
        $before = Get-RequestCount
        $err = Get-ErrorRecord { New-PairingB -Override $Override }
        Assert-SrmError $err[-1] -ErrorId $Id -Category $Category
        Get-RequestCount | Should -Be $before
    }

    # One check for New-, Repair- and Test-SrmPairing: the error names the parameter, and nothing at all is sent.
    It 'refuses <Name> with SrmInvalidPairingSpec naming <Parameter>, sending nothing' -ForEach @(
        @{ Name = 'a PSC thumbprint that is not hex'; Override = @{ RemotePscThumbprint = 'zz' }; Parameter = '-RemotePscThumbprint'; Like = "*'z' is not a hex digit*" }
        @{ Name = 'a PSC thumbprint of the wrong length'; Override = @{ RemotePscThumbprint = 'AA:BB:CC' }; Parameter = '-RemotePscThumbprint'; Like = '*6 hex digits*' }
        @{ Name = 'an SRM thumbprint that is not hex'; Override = @{ RemoteSrmUrl = 'srm-b.example.com'; RemoteSrmThumbprint = 'not-hex' }; Parameter = '-RemoteSrmThumbprint'; Like = "*'n' is not a hex digit*" }
        @{ Name = 'a PSC URL with CR/LF'; Override = @{ RemotePscUrl = "vc-b.example.com`r`nX-Injected: 1" }; Parameter = '-RemotePscUrl'; Like = '*control character*' }
        @{ Name = 'a PSC URL with a path'; Override = @{ RemotePscUrl = 'https://vc-b.example.com/ui' }; Parameter = '-RemotePscUrl'; Like = '*path*' }
        @{ Name = 'a PSC URL with a query'; Override = @{ RemotePscUrl = 'vc-b.example.com?x=1' }; Parameter = '-RemotePscUrl'; Like = '*query*' }
        @{ Name = 'a PSC URL with user:password@'; Override = @{ RemotePscUrl = 'https://administrator:Pw-In-Url-77@vc-b.example.com' }; Parameter = '-RemotePscUrl'; Like = '*names a user*' }
        @{ Name = 'a PSC URL with http://'; Override = @{ RemotePscUrl = 'http://vc-b.example.com' }; Parameter = '-RemotePscUrl'; Like = '*not https://*' }
        @{ Name = 'a PSC URL whose port is not -RemotePscPort'; Override = @{ RemotePscUrl = 'vc-b.example.com:8443'; RemotePscPort = 443 }; Parameter = '-RemotePscUrl'; Like = '*port 8443*-RemotePscPort*' }
        @{ Name = 'an SRM URL with a path'; Override = @{ RemoteSrmUrl = 'srm-b.example.com/x'; RemoteSrmThumbprint = ('34:' * 19) + '34' }; Parameter = '-RemoteSrmUrl'; Like = '*path*' }
        @{ Name = 'a vCenter GUID that is not a GUID'; Override = @{ RemoteVcGuid = 'vc-b.example.com' }; Parameter = '-RemoteVcGuid'; Like = '*not a GUID*' }
        @{ Name = 'a port that is not a number'; Override = @{ RemotePscPort = 'abc' }; Parameter = '-RemotePscPort'; Like = "*'abc' is not a port number*" }
    ) {
        $before = Get-RequestCount
        $err = Get-ErrorRecord { New-PairingB -Override $Override }
        @($err).Count | Should -Be 1
        Assert-SrmError $err[0] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
        "$err" | Should -BeLike "*$Parameter*"
        "$err" | Should -BeLike $Like
        "$err" | Should -Not -BeLike '*Pw-In-Url-77*'
        "$($err[0].TargetObject)" | Should -Not -BeLike '*Pw-In-Url-77*'
        Get-RequestCount | Should -Be $before
    }

    It 'takes <Url> as the PSC and sends its host with the port once' -ForEach @(
        @{ Url = 'vc-b.example.com:443' }
        @{ Url = 'https://vc-b.example.com:443' }
        @{ Url = 'https://vc-b.example.com/' }
    ) {
        $out = New-PairingB -Override @{ RemotePscUrl = $Url; Verbose = $true } 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $task = @($out | Where-Object { $_ -is [Srm.Client.Models.SrmTask] })
        $verbose -like 'POST /pairings*' | Should -BeLike '*via vc-b.example.com:443.'
        "$verbose" | Should -Not -BeLike '*443:443*'
        ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'refuses a CSV row whose port is not a number, naming the row and column; an empty port is not given' {
        $csv = Join-Path $TestDrive 'ports.csv'
        Set-Content -LiteralPath $csv -Value @(
            'url,port,thumbprint,pair_vc_guid,pair_srm_url,pair_srm_thumbprint'
            "$($b.PscUrl),abc,,$($b.VcGuid),,"
            "$($c.PscUrl),,,$($c.VcGuid),,"
        )
        $tasks = Import-Csv -LiteralPath $csv | New-SrmPairing -RemoteCredential $cred -ErrorVariable ev -ErrorAction SilentlyContinue
        @($ev).Count | Should -Be 1
        Assert-SrmError $ev[0] -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
        "$($ev[0])" | Should -BeLike "Row 1 of the input:*-RemotePscPort (port)*'abc'*"
        @($tasks).Count | Should -Be 1
        ($tasks | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        (Get-SrmPairing).RemoteVcServer.Id | Should -Be $c.VcGuid
        Get-RequestCount 'POST /pairings' | Should -Be 1
    }

    It 'sends a vCenter GUID given without dashes and in upper case in the lower-case D form' {
        $out = New-PairingB -Override @{ RemoteVcGuid = $b.VcGuid.Replace('-', '').ToUpperInvariant(); Verbose = $true } 4>&1
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -like 'POST /pairings*' |
            Should -BeLike "*: vCenter $($b.VcGuid) via *"
        (@($out | Where-Object { $_ -is [Srm.Client.Models.SrmTask] }) | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'refuses a vCenter GUID in braces that is already paired, or the site''s own, without POSTing' {
        New-PairingB | Wait-SrmTask | Out-Null
        $err = Get-ErrorRecord { New-PairingB -Override @{ RemoteVcGuid = '{' + $b.VcGuid.ToUpperInvariant() + '}' } }
        Assert-SrmError $err[-1] -ErrorId SrmAlreadyPaired -Category ResourceExists
        $err = Get-ErrorRecord { New-PairingB -Override @{ RemoteVcGuid = '{' + $conn.VcGuid.ToUpperInvariant() + '}' } }
        Assert-SrmError $err[-1] -ErrorId SrmCannotPairWithSelf -Category InvalidArgument
        Get-RequestCount 'POST /pairings' | Should -Be 1
    }

    It 'with -WhatIf writes the refusal instead of "What if" for an already paired vCenter and a repeated row' {
        New-PairingB | Wait-SrmTask | Out-Null
        $helpers = Join-Path $PSScriptRoot 'SrmTestHelpers.psm1'
        $command = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$helpers'
Import-Module (Get-SrmModulePath)
`$cred = Get-SrmTestCredential
Connect-SrmServer -Server '$($sim.Server)' -Credential `$cred -CertificateThumbprint '$($sim.Thumbprint)' | Out-Null
@(
    [pscustomobject]@{ url = '$($b.PscUrl)'; pair_vc_guid = '$($b.VcGuid)' }
    [pscustomobject]@{ url = '$($c.PscUrl)'; pair_vc_guid = '$($c.VcGuid)' }
    [pscustomobject]@{ url = '$($c.PscUrl)'; pair_vc_guid = '{$($c.VcGuid.ToUpperInvariant())}' }
) | New-SrmPairing -RemoteCredential `$cred -WhatIf -ErrorVariable ev -ErrorAction SilentlyContinue
foreach (`$e in `$ev) { 'ERROR ' + `$e.FullyQualifiedErrorId.Split(',')[0] }
"@
        $lines = @(Invoke-SrmChildPwsh -Command $command)
        $whatIf = @($lines -like 'What if:*')
        $whatIf.Count | Should -Be 1 -Because ($lines -join "`n")
        $whatIf[0] | Should -BeLike "*$($c.VcGuid)*"
        @($lines -like 'ERROR *') | Should -Be @('ERROR SrmAlreadyPaired', 'ERROR SrmPairingAlreadyStarted') -Because ($lines -join "`n")
        Get-RequestCount 'POST /pairings' | Should -Be 1
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
