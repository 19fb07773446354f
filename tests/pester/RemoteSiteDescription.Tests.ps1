# How messages name a pairing's remote site when the server leaves out part of its remote vCenter Server entry
# (ServerInfo has no required field): what is known is shown, and nothing dangles.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 100
    $script:cred = Get-SrmTestCredential
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 0
}

AfterAll {
    Disconnect-SrmServer -Connection $script:conn -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'A pairing whose remote vCenter Server entry lacks <Lacks>' -ForEach @(
    @{ Lacks = 'its id'; Id = $null; Name = 'vc-q.example.com'; Url = $null; Shown = '(vCenter Server vc-q.example.com)' }
    @{ Lacks = 'its name'; Id = 'q-guid-1'; Name = $null; Url = $null; Shown = '(vCenter Server q-guid-1)' }
    @{ Lacks = 'its name and id'; Id = $null; Name = ''; Url = 'https://vc-q.example.com'; Shown = '(remote vCenter Server unknown)' }
) {
    It 'is named by what is known in Connect-SrmRemoteSite''s verbose line' {
        $remote = [Srm.Client.Models.SrmServerInfo]::new($Id, $Name, $Url, 'OK', $null)
        $pairing = [Srm.Client.Models.SrmPairing]::new('q-pairing-1', $null, $remote, $null, $null)
        $records = Connect-SrmRemoteSite -Pairing $pairing -Connection $conn -Credential $cred -Verbose -ErrorAction SilentlyContinue 4>&1
        $line = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Where-Object Message -like 'Logging in to the remote site of *')
        $line.Count | Should -Be 1
        $line[0].Message | Should -BeLike "Logging in to the remote site of pairing q-pairing-1 $([WildcardPattern]::Escape($Shown)) on *"
    }
}

Describe 'Tab completion of -PairingId for a pairing whose remote vCenter Server entry lacks its id' {
    It 'shows the vCenter Server''s name in the tooltip, without an empty GUID' {
        $remote = [Srm.Client.Models.SrmServerInfo]::new($null, 'vc-r.example.com', $null, 'OK', $null)
        $pairing = [Srm.Client.Models.SrmPairing]::new('r-pairing-1', $null, $remote, $null, $null)
        $pairing.GetType().GetProperty('Connection').SetValue($pairing, $conn)
        $store = [Srm.PowerShell.Commands.WaitSrmTaskCommand].Assembly.GetType('Srm.PowerShell.Commands.SrmRecentPairings', $true)
        $remember = $store.GetMethod('Remember', [System.Reflection.BindingFlags] 'NonPublic, Static', $null, [type[]] @([Srm.Client.Models.SrmPairing]), $null)
        $null = $remember.Invoke($null, @($pairing))
        $line = 'Remove-SrmPairing -Connection $conn -PairingId r-pair'
        $m = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
        $m.CompletionText | Should -Be @('r-pairing-1')
        $m[0].ToolTip | Should -BeExactly 'Pairing with vCenter Server vc-r.example.com'
    }
}
