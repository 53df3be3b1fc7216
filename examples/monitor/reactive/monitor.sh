#!/bin/bash
# The monitor's handlers, in bash (charms.reactive.sh comes with @reactive/cli).
source charms.reactive.sh

@when_not 'website.available'
function waiting() {
    status-set waiting 'Waiting for a website to watch'
}

@when 'website.available'
function watch() {
    count=$(relation_call --flag 'website.available' services | grep -c .)
    status-set active "Watching $count web service(s)"
}

reactive_handler_main
