#!/bin/bash
# A second handler file: tested after app.sh within each iteration.
source charms.reactive.sh

note() { echo "$1" >> "$CHARM_DIR/order.log"; }

@when 'app.first-time-done'
@when_not 'more.seen'
function more_seen() {
    note more_seen
    charms.reactive set_flag more.seen
}

@when 'app.greeted'
function more_greeted() {
    note more_greeted
}

reactive_handler_main
