#!/bin/bash
# A bash handler: once the app has started, note it with a flag.
source charms.reactive.sh

@when 'app.started'
@when_not 'app.notified'
function notify() {
    charms.reactive set_flag app.notified
}

reactive_handler_main
