console.log("vaultplane");
